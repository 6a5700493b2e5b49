'use client';

import Link from 'next/link';
import { signOutAction } from '../../server/web/auth.actions';
import { useSessionUser } from './session-context';

const ROLE_WORDS = { admin: 'Administrator', editor: 'Editor', viewer: 'Viewer' } as const;

/** The signed-in person, a link to their Account page (password, sessions) and sign-out, in a popover (Escape and a click outside close it; the browser does both). */
export function UserMenu() {
  const user = useSessionUser();
  const name = user.displayName || user.username;
  return (
    <>
      <button type="button" className="button user-button" popoverTarget="user-menu" aria-label={`Account: ${name}`}>
        <span className="avatar" aria-hidden="true">{name.slice(0, 1).toUpperCase()}</span>
        <span>{name}</span>
      </button>
      <div id="user-menu" popover="auto" className="menu" style={{ top: 56, right: 16, left: 'auto', position: 'fixed' }}>
        <div className="menu-head">
          <strong>{name}</strong>
          <div className="muted">{user.username} · {ROLE_WORDS[user.role]}</div>
        </div>
        <Link href="/account" className="button" style={{ marginBottom: 8 }}
          onClick={(e) => (e.currentTarget.closest('[popover]') as HTMLElement | null)?.hidePopover()}>
          Your account
        </Link>
        <form action={signOutAction}>
          <button type="submit" className="button">Sign out</button>
        </form>
      </div>
    </>
  );
}
