'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { errorMessageOf, fieldErrorsOf } from '../../components/mutation-error';
import { CreateUserSchema, USER_ROLES } from '../../server/auth/user.schema';
import { useTRPC } from '../../trpc/react';
import { ROLE_DESCRIPTIONS } from './roles';
import { zodFieldErrors } from './zod-field-errors';

/** New local account; checked in the browser with the API's own schema, then by the server again. */
export function CreateUserForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation(trpc.users.create.mutationOptions({
    onSuccess: async (user, _vars) => {
      setCreated(user.username);
      await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
    },
    onError: (e) => setErrors(fieldErrorsOf(e)),
  }));
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const parsed = CreateUserSchema.safeParse({
      username: String(form.get('username') ?? ''), displayName: String(form.get('displayName') ?? ''),
      password: String(form.get('password') ?? ''), role: String(form.get('role') ?? ''),
    });
    setCreated(null);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setErrors({});
    create.mutate(parsed.data, { onSuccess: () => formEl.reset() });
  };
  const field = (name: string) => ({ id: `${id}-${name}`, name, 'aria-invalid': errors[name] ? true : undefined, 'aria-describedby': errors[name] ? `${id}-${name}-error` : undefined });
  const error = (name: string) => (errors[name] ? <span id={`${id}-${name}-error`} className="field-error">{errors[name]}</span> : null);
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Create an account</h3>
      {create.isError && Object.keys(errors).length === 0 ? <div className="alert" role="alert">{errorMessageOf(create.error)}</div> : null}
      {created ? <div className="callout ok" role="status">Account {created} created. It can sign in now.</div> : null}
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-username`}>User name</label>
          <input {...field('username')} autoComplete="off" required />
          {error('username')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-displayName`}>Display name</label>
          <input {...field('displayName')} autoComplete="off" />
          {error('displayName')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Initial password</label>
          <input {...field('password')} type="password" autoComplete="new-password" required />
          {error('password') ?? <span className="hint">at least 12 characters</span>}
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select {...field('role')} defaultValue="viewer">
            {USER_ROLES.map((r) => <option key={r} value={r}>{ROLE_DESCRIPTIONS[r].label}</option>)}
          </select>
          {error('role')}
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={create.isPending}>{create.isPending ? 'Creating…' : 'Create account'}</button>
      </div>
    </form>
  );
}
