'use client';

import { RelativeTime } from '../../components/relative-time';
import { useCan, useSessionUser } from '../shell/session-context';
import { ROLE_DESCRIPTIONS } from './roles';
import { TokensPanel } from './tokens-panel';
import { UsersPanel } from './users-panel';

function YourAccount() {
  const user = useSessionUser();
  return (
    <section className="card" aria-labelledby="account-heading">
      <h2 id="account-heading">Your account</h2>
      <dl className="form-grid" style={{ margin: 0 }}>
        <div><dt className="label">User name</dt><dd style={{ margin: 0 }}>{user.username}</dd></div>
        <div><dt className="label">Display name</dt><dd style={{ margin: 0 }}>{user.displayName || '—'}</dd></div>
        <div><dt className="label">Role</dt><dd style={{ margin: 0 }}>{ROLE_DESCRIPTIONS[user.role].label}: {ROLE_DESCRIPTIONS[user.role].text}</dd></div>
        <div><dt className="label">Signed in</dt><dd style={{ margin: 0 }}><RelativeTime iso={user.lastLoginAt} /></dd></div>
      </dl>
    </section>
  );
}

export function SettingsView() {
  const { manage } = useCan();
  return (
    <>
      <YourAccount />
      {manage ? (
        <>
          <UsersPanel />
          <TokensPanel />
        </>
      ) : (
        <p className="callout" style={{ marginTop: 20 }}>Accounts and API tokens are managed by administrators.</p>
      )}
    </>
  );
}
