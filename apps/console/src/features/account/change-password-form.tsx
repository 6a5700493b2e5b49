'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { errorMessageOf, fieldErrorsOf } from '../../components/mutation-error';
import { toast } from '../../components/toast';
import { changePasswordFormSchema, type ChangePasswordForm } from '../../server/auth/user.schema';
import { httpStatusOf } from '../../trpc/query-client';
import { useTRPC } from '../../trpc/react';
import { domainResolver } from '../certificates/form/domain-resolver';
import { useSessionUser } from '../shell/session-context';
import { describePasswordChanged } from './describe-session';

const FIELDS = ['currentPassword', 'newPassword', 'repeatPassword'] as const;
const EMPTY: ChangePasswordForm = { currentPassword: '', newPassword: '', repeatPassword: '' };

/**
 * Your own password: checked in the browser with the request's schema (plus the repeat and the user name), then
 * by the server, whose answers land on the field they name (a wrong current password, too many of them).
 */
export function ChangePasswordForm() {
  const id = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { username } = useSessionUser();
  const schema = useMemo(() => changePasswordFormSchema(username), [username]);
  const form = useForm<ChangePasswordForm, unknown, z.output<typeof schema>>({ defaultValues: EMPTY, resolver: domainResolver(schema, (v: ChangePasswordForm) => v) });
  const change = useMutation(trpc.me.changePassword.mutationOptions({
    onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.me.sessions.queryKey() }),
  }));
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { errors } = form.formState;

  const submit = form.handleSubmit(async ({ currentPassword, newPassword }) => {
    setDone(null);
    setProblem(null);
    try {
      const r = await change.mutateAsync({ currentPassword, newPassword });
      form.reset(EMPTY);
      setDone(describePasswordChanged(r.endedSessions));
      toast.success('Password changed');
    } catch (e) {
      const fields = fieldErrorsOf(e);
      for (const f of FIELDS) if (fields[f]) form.setError(f, { message: fields[f] });
      // A field's own problem speaks for itself; anything else (too many attempts: when to try again) is said above.
      const placed = FIELDS.some((f) => fields[f]);
      if (!placed || httpStatusOf(e) === 429) setProblem(errorMessageOf(e));
    }
  });

  const field = (name: (typeof FIELDS)[number], label: string, autoComplete: string, hint?: string) => {
    const error = errors[name]?.message;
    return (
      <div className="field">
        <label htmlFor={`${id}-${name}`}>{label}</label>
        <input id={`${id}-${name}`} type="password" autoComplete={autoComplete} aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-${name}-note`} {...form.register(name)} />
        {error ? <span id={`${id}-${name}-note`} className="field-error">{error}</span> : <span id={`${id}-${name}-note`} className="hint">{hint ?? ''}</span>}
      </div>
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Change password</h2>
      <p className="muted">Your other sessions are signed out when the password changes; this one stays.</p>
      {problem ? <div className="alert" role="alert">{problem}</div> : null}
      {done ? <div className="callout ok" role="status">{done}</div> : null}
      {/* A hidden user name lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" aria-label="User name" value={username} readOnly hidden />
      <div className="form-grid">
        {field('currentPassword', 'Current password', 'current-password')}
        {field('newPassword', 'New password', 'new-password', 'at least 12 characters, not your user name')}
        {field('repeatPassword', 'Repeat the new password', 'new-password')}
      </div>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={change.isPending}>{change.isPending ? 'Changing…' : 'Change password'}</button>
      </div>
    </form>
  );
}
