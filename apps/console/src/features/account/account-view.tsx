'use client';

import { ROLE_DESCRIPTIONS } from '../settings/roles';
import { useSessionUser } from '../shell/session-context';
import { ChangePasswordForm } from './change-password-form';
import { SessionsPanel } from './sessions-panel';
import { TotpPanel } from './totp-panel';

/** /account: who you are, your password, and where you are signed in. */
export function AccountView() {
  const user = useSessionUser();
  const role = ROLE_DESCRIPTIONS[user.role];
  return (
    <>
      <section className="card" aria-labelledby="you-heading">
        <h2 id="you-heading">You</h2>
        <dl className="facts">
          <div><dt className="label">Display name</dt><dd>{user.displayName || '—'}</dd></div>
          <div><dt className="label">User name</dt><dd>{user.username}</dd></div>
          <div><dt className="label">Role</dt><dd>{role.label}<span className="sub">{role.text}</span></dd></div>
        </dl>
      </section>
      <div className="card">
        {user.provider === 'local' ? <ChangePasswordForm /> : (
          <>
            <h2>Password</h2>
            <p className="muted">You sign in through {user.provider}; change your password there.</p>
          </>
        )}
      </div>
      {user.provider === 'local' ? <TotpPanel /> : null}
      <SessionsPanel />
    </>
  );
}
