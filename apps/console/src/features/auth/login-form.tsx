'use client';

import { useActionState, useId } from 'react';
import { signInAction, type AuthFormState } from '../../server/web/auth.actions';

/** Sign-in: a server action, so it works before (and without) JavaScript and a refusal is an answer, not an error. */
export function LoginForm({ next, notice }: { next: string; notice?: string }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(signInAction, {});
  const id = useId();
  const minutes = state.retryAfterSeconds ? Math.ceil(state.retryAfterSeconds / 60) : undefined;
  return (
    <form action={action} aria-describedby={state.error ? `${id}-error` : undefined}>
      {notice && !state.error ? <div className="callout" role="status">{notice}</div> : null}
      {state.error ? (
        <div id={`${id}-error`} className="alert" role="alert">
          {minutes !== undefined ? `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` : state.error}
        </div>
      ) : null}
      <input type="hidden" name="next" value={next} />
      <div className="field">
        <label htmlFor={`${id}-username`}>User name</label>
        <input id={`${id}-username`} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required defaultValue={state.username ?? ''} autoFocus />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input id={`${id}-password`} name="password" type="password" autoComplete="current-password" required />
      </div>
      <button type="submit" className="button primary" disabled={pending}>{pending ? 'Signing in…' : 'Sign in'}</button>
    </form>
  );
}
