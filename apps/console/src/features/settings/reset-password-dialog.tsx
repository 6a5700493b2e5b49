'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { Dialog } from '../../components/dialog';
import { errorMessageOf, fieldErrorsOf } from '../../components/mutation-error';
import { toast } from '../../components/toast';
import { resetPasswordFormSchema, type ResetPasswordForm, type UserInfo } from '../../server/auth/user.schema';
import { useTRPC } from '../../trpc/react';
import { domainResolver } from '../certificates/form/domain-resolver';

const EMPTY: ResetPasswordForm = { password: '', repeatPassword: '' };

function ResetPasswordFormBody({ user, onDone }: { user: UserInfo; onDone: () => void }) {
  const id = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const schema = useMemo(() => resetPasswordFormSchema(user.username), [user.username]);
  const form = useForm<ResetPasswordForm, unknown, z.output<typeof schema>>({ defaultValues: EMPTY, resolver: domainResolver(schema, (v: ResetPasswordForm) => v) });
  const update = useMutation(trpc.users.update.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() }) }));
  const [problem, setProblem] = useState<string | null>(null);
  const { errors } = form.formState;
  const submit = form.handleSubmit(async ({ password }) => {
    setProblem(null);
    try {
      await update.mutateAsync({ id: user.id, patch: { password } });
      toast.success(`Password of ${user.username} reset; their sessions were signed out`);
      onDone();
    } catch (e) {
      const message = fieldErrorsOf(e).password;
      if (message) form.setError('password', { message });
      else setProblem(errorMessageOf(e));
    }
  });
  const field = (name: 'password' | 'repeatPassword', label: string) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input id={`${id}-${name}`} type="password" autoComplete="new-password" aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${id}-${name}-error` : undefined} {...form.register(name)} />
      {errors[name] ? <span id={`${id}-${name}-error`} className="field-error">{errors[name].message}</span> : null}
    </div>
  );
  return (
    <form onSubmit={submit} noValidate>
      <p>
        {user.username} is <strong>signed out of every session at once</strong> and signs in with this password from now on. Give it to them
        through a safe channel; they can change it on their Account page.
      </p>
      {problem ? <div className="alert" role="alert">{problem}</div> : null}
      <div className="form-grid">
        {field('password', 'New password')}
        {field('repeatPassword', 'Repeat the new password')}
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>Cancel</button>
        <button type="submit" className="button danger" disabled={update.isPending}>{update.isPending ? 'Resetting…' : 'Reset password and sign out'}</button>
      </div>
    </form>
  );
}

/** An administrator sets a new password for someone who lost theirs; it signs them out everywhere (audited). */
export function ResetPasswordDialog({ user, open, onClose }: { user: UserInfo; open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title={`Reset the password of ${user.username}`}>
      <ResetPasswordFormBody user={user} onDone={onClose} />
    </Dialog>
  );
}
