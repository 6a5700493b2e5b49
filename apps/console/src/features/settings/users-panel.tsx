'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { errorMessageOf } from '../../components/mutation-error';
import { QueryError } from '../../components/query-error';
import { RelativeTime } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import { USER_ROLES, type UserInfo, type UserRole } from '../../server/auth/user.schema';
import { useTRPC } from '../../trpc/react';
import { useSessionUser } from '../shell/session-context';
import { CreateUserForm } from './create-user-form';
import { ResetPasswordDialog } from './reset-password-dialog';
import { RoleChangeDialog } from './role-change-dialog';
import { ROLE_DESCRIPTIONS } from './roles';
import { SignOutEverywhereDialog } from './sign-out-everywhere-dialog';

type OpenDialog = { kind: 'reset' } | { kind: 'sign-out' } | null;

function UserRow({ user, onError }: { user: UserInfo; onError: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useSessionUser();
  const update = useMutation(trpc.users.update.mutationOptions({
    onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() }),
    onError: (e) => onError(`${user.username}: ${errorMessageOf(e)}`),
  }));
  // The role picked in the list, waiting for confirmation; the list keeps showing the current role meanwhile.
  const [newRole, setNewRole] = useState<UserRole | null>(null);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const self = user.id === me.id;
  const name = user.displayName || user.username;
  return (
    <tr>
      <td><strong>{name}</strong><span className="sub">{user.username}{self ? ' · you' : ''}{user.provider !== 'local' ? ` · signs in with ${user.provider}` : ''}</span></td>
      <td>
        <label className="visually-hidden" htmlFor={`role-${user.id}`}>Role of {user.username}</label>
        <select id={`role-${user.id}`} value={user.role} disabled={update.isPending}
          onChange={(e) => {
            const to = e.target.value as UserRole;
            if (to !== user.role) setNewRole(to);
          }}>
          {USER_ROLES.map((r) => <option key={r} value={r}>{ROLE_DESCRIPTIONS[r].label}</option>)}
        </select>
        <RoleChangeDialog user={user} to={newRole} self={self} onClose={() => setNewRole(null)} />
      </td>
      <td>{user.disabledAt ? <StatusBadge tone="bad">Disabled</StatusBadge> : <StatusBadge tone="ok">Active</StatusBadge>}</td>
      <td><RelativeTime iso={user.lastLoginAt} /></td>
      <td>
        {self ? <Link href="/account">Your password and sessions</Link> : (
          <span className="row">
            {user.provider === 'local' ? (
              <button type="button" className="button small" onClick={() => setDialog({ kind: 'reset' })}>
                Reset password<span className="visually-hidden"> of {user.username}</span>
              </button>
            ) : null}
            {!user.disabledAt ? (
              <button type="button" className="button small" onClick={() => setDialog({ kind: 'sign-out' })}>
                Sign out everywhere<span className="visually-hidden"> for {user.username}</span>
              </button>
            ) : null}
            <button type="button" className={`button small${user.disabledAt ? '' : ' danger'}`} disabled={update.isPending}
              onClick={() => update.mutate({ id: user.id, patch: { disabled: !user.disabledAt } })}>
              {user.disabledAt ? `Enable ${user.username}` : `Disable ${user.username}`}
            </button>
          </span>
        )}
        {!self ? (
          <>
            <ResetPasswordDialog user={user} open={dialog?.kind === 'reset'} onClose={() => setDialog(null)} />
            <SignOutEverywhereDialog user={user} open={dialog?.kind === 'sign-out'} onClose={() => setDialog(null)} />
          </>
        ) : null}
      </td>
    </tr>
  );
}

/** Accounts (administrators only): roles (confirmed), password resets, sign-out everywhere, enable/disable, and new accounts. */
export function UsersPanel() {
  const trpc = useTRPC();
  const users = useQuery(trpc.users.list.queryOptions());
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="users-heading">
      <h2 id="users-heading">Accounts</h2>
      <p className="muted">
        People who sign in to the console. A role change applies to their open sessions at their next request; a password reset, signing
        out everywhere and disabling an account end its sessions.
      </p>
      {error ? <div className="alert" role="alert">{error}</div> : null}
      {users.isPending ? <p className="muted" role="status">Loading accounts…</p> : users.isError ? <QueryError error={users.error} what="accounts" /> : (
        <div className="table-wrap" style={{ marginBottom: 20 }}>
          <table>
            <caption className="visually-hidden">Console accounts</caption>
            <thead><tr><th scope="col">Account</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Last sign-in</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>{users.data.map((u) => <UserRow key={u.id} user={u} onError={setError} />)}</tbody>
          </table>
        </div>
      )}
      <CreateUserForm />
    </section>
  );
}
