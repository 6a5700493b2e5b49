'use client';

import Link from 'next/link';
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
      <dl className="facts">
        <div><dt className="label">User name</dt><dd>{user.username}</dd></div>
        <div><dt className="label">Display name</dt><dd>{user.displayName || '—'}</dd></div>
        <div><dt className="label">Role</dt><dd>{ROLE_DESCRIPTIONS[user.role].label}<span className="sub">{ROLE_DESCRIPTIONS[user.role].text}</span></dd></div>
        <div><dt className="label">Signed in</dt><dd><RelativeTime iso={user.lastLoginAt} /></dd></div>
      </dl>
      <p className="muted" style={{ marginTop: 14, marginBottom: 0 }}>
        Change your password and see where you are signed in on your <Link href="/account">Account</Link> page.
      </p>
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
