'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessageOf } from '../../components/mutation-error';
import { QueryError } from '../../components/query-error';
import { RelativeTime } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import { USER_ROLES, type UserInfo, type UserRole } from '../../server/auth/user.schema';
import { useTRPC } from '../../trpc/react';
import { useSessionUser } from '../shell/session-context';
import { CreateUserForm } from './create-user-form';
import { ROLE_DESCRIPTIONS } from './roles';

function UserRow({ user, onError }: { user: UserInfo; onError: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useSessionUser();
  const update = useMutation(trpc.users.update.mutationOptions({
    onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() }),
    onError: (e) => onError(`${user.username}: ${errorMessageOf(e)}`),
  }));
  const self = user.id === me.id;
  const name = user.displayName || user.username;
  return (
    <tr>
      <td><strong>{name}</strong><span className="sub">{user.username}{self ? ' · you' : ''}{user.provider !== 'local' ? ` · signs in with ${user.provider}` : ''}</span></td>
      <td>
        <label className="visually-hidden" htmlFor={`role-${user.id}`}>Role of {user.username}</label>
        <select id={`role-${user.id}`} value={user.role} disabled={update.isPending}
          onChange={(e) => update.mutate({ id: user.id, patch: { role: e.target.value as UserRole } })}>
          {USER_ROLES.map((r) => <option key={r} value={r}>{ROLE_DESCRIPTIONS[r].label}</option>)}
        </select>
      </td>
      <td>{user.disabledAt ? <StatusBadge tone="bad">Disabled</StatusBadge> : <StatusBadge tone="ok">Active</StatusBadge>}</td>
      <td><RelativeTime iso={user.lastLoginAt} /></td>
      <td>
        {!self && (
          <button type="button" className={`button small${user.disabledAt ? '' : ' danger'}`} disabled={update.isPending}
            onClick={() => update.mutate({ id: user.id, patch: { disabled: !user.disabledAt } })}>
            {user.disabledAt ? `Enable ${user.username}` : `Disable ${user.username}`}
          </button>
        )}
      </td>
    </tr>
  );
}

/** Accounts (administrators only): roles, enable/disable, and new accounts. */
export function UsersPanel() {
  const trpc = useTRPC();
  const users = useQuery(trpc.users.list.queryOptions());
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="users-heading">
      <h2 id="users-heading">Accounts</h2>
      <p className="muted">People who sign in to the console. A role change applies to their open sessions at once; disabling an account signs it out.</p>
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
