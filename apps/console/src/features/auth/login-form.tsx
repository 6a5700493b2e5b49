'use client';

import { useActionState, useId } from 'react';
import { signInAction, type AuthFormState } from '../../server/web/auth.actions';

/**
 * Sign-in: a server action, so it works before (and without) JavaScript and a refusal is an answer, not an error.
 * Two steps for accounts with two-step sign-in: the password, then a code (the action answers a challenge).
 * Single sign-on is a plain link to /api/v1/oidc/login (a redirect to the provider and back).
 */
export function LoginForm({ next, notice, sso, showPassword }: { next: string; notice?: string; sso?: { name: string }; showPassword: boolean }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(signInAction, {});
  const id = useId();
  const minutes = state.retryAfterSeconds ? Math.ceil(state.retryAfterSeconds / 60) : undefined;
  const error = state.error ? (
    <div id={`${id}-error`} className="alert" role="alert">
      {minutes !== undefined ? `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` : state.error}
    </div>
  ) : null;
  if (state.totpChallenge) {
    return (
      <form action={action} aria-describedby={state.error ? `${id}-error` : undefined}>
        {error}
        <input type="hidden" name="next" value={next} />
        <input type="hidden" name="username" value={state.username ?? ''} />
        <input type="hidden" name="challenge" value={state.totpChallenge} />
        <div className="field">
          <label htmlFor={`${id}-code`}>Code from your authenticator app</label>
          <input id={`${id}-code`} name="code" inputMode="numeric" autoComplete="one-time-code" spellCheck={false} required autoFocus aria-describedby={`${id}-code-help`} />
          <p id={`${id}-code-help`} className="muted">Six digits, or one of your recovery codes.</p>
        </div>
        <button type="submit" className="button primary" disabled={pending}>{pending ? 'Checking…' : 'Continue'}</button>
      </form>
    );
  }
  return (
    <>
      {notice && !state.error ? <div className="callout" role="status">{notice}</div> : null}
      {sso ? (
        <p><a className="button primary" href={`/api/v1/oidc/login?next=${encodeURIComponent(next)}`}>Sign in with {sso.name}</a></p>
      ) : null}
      {showPassword ? (
        <form action={action} aria-describedby={state.error ? `${id}-error` : undefined}>
          {error}
          <input type="hidden" name="next" value={next} />
          <div className="field">
            <label htmlFor={`${id}-username`}>User name</label>
            <input id={`${id}-username`} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required defaultValue={state.username ?? ''} autoFocus={!sso} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>Password</label>
            <input id={`${id}-password`} name="password" type="password" autoComplete="current-password" required />
          </div>
          <button type="submit" className={sso ? 'button' : 'button primary'} disabled={pending}>{pending ? 'Signing in…' : sso ? 'Sign in with a local account' : 'Sign in'}</button>
        </form>
      ) : null}
    </>
  );
}
