'use client';

import { useActionState, useId } from 'react';
import { setupAction, type AuthFormState } from '../../server/web/auth.actions';

/** First run: the first administrator. The server checks again, under its write lock, that nobody else did it first. */
export function SetupForm() {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(setupAction, {});
  const id = useId();
  const err = (name: string) => state.fieldErrors?.[name];
  const described = (name: string, hint?: string) => (err(name) ? `${id}-${name}-error` : hint ? `${id}-${name}-hint` : undefined);
  return (
    <form action={action}>
      {state.error ? <div className="alert" role="alert">{state.error}</div> : null}
      <div className="field">
        <label htmlFor={`${id}-setupCode`}>Setup code</label>
        <input id={`${id}-setupCode`} name="setupCode" autoComplete="one-time-code" autoCapitalize="characters" spellCheck={false} required
          aria-invalid={err('setupCode') ? true : undefined} aria-describedby={described('setupCode', 'hint')} autoFocus />
        {err('setupCode') ? <span id={`${id}-setupCode-error`} className="field-error">{err('setupCode')}</span> : <span id={`${id}-setupCode-hint`} className="hint">printed in the console&apos;s log when it started (&ldquo;first-run setup code&rdquo;), or the bootstrap token</span>}
      </div>
      <div className="field">
        <label htmlFor={`${id}-username`}>User name</label>
        <input id={`${id}-username`} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required defaultValue={state.username ?? ''}
          aria-invalid={err('username') ? true : undefined} aria-describedby={described('username', 'hint')} />
        {err('username') ? <span id={`${id}-username-error`} className="field-error">{err('username')}</span> : <span id={`${id}-username-hint`} className="hint">lower-case letters, digits and . _ @ -</span>}
      </div>
      <div className="field">
        <label htmlFor={`${id}-displayName`}>Display name</label>
        <input id={`${id}-displayName`} name="displayName" autoComplete="name" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input id={`${id}-password`} name="password" type="password" autoComplete="new-password" required minLength={12}
          aria-invalid={err('password') ? true : undefined} aria-describedby={described('password', 'hint')} />
        {err('password') ? <span id={`${id}-password-error`} className="field-error">{err('password')}</span> : <span id={`${id}-password-hint`} className="hint">at least 12 characters</span>}
      </div>
      <div className="field">
        <label htmlFor={`${id}-confirm`}>Repeat the password</label>
        <input id={`${id}-confirm`} name="confirm" type="password" autoComplete="new-password" required
          aria-invalid={err('confirm') ? true : undefined} aria-describedby={described('confirm')} />
        {err('confirm') ? <span id={`${id}-confirm-error`} className="field-error">{err('confirm')}</span> : null}
      </div>
      <button type="submit" className="button primary" disabled={pending}>{pending ? 'Creating…' : 'Create administrator'}</button>
    </form>
  );
}
