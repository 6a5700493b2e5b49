'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Dialog } from '../../components/dialog';
import { errorMessageOf } from '../../components/mutation-error';
import { QueryError } from '../../components/query-error';
import { RelativeTime } from '../../components/relative-time';
import { toast } from '../../components/toast';
import type { UserInfo } from '../../server/auth/user.schema';
import { useTRPC } from '../../trpc/react';
import { countSessions, describeSessionsEnded, describeUserAgent } from '../account/describe-session';

function Body({ user, onDone }: { user: UserInfo; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.users.sessions.queryOptions({ id: user.id }));
  const end = useMutation(trpc.users.endSessions.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.users.sessions.queryKey({ id: user.id }) }) }));
  const [problem, setProblem] = useState<string | null>(null);
  const confirm = async () => {
    setProblem(null);
    try {
      const r = await end.mutateAsync({ id: user.id });
      toast.success(`${user.username}: ${describeSessionsEnded(r.endedSessions, false)}`);
      onDone();
    } catch (e) {
      setProblem(errorMessageOf(e));
    }
  };
  return (
    <>
      {sessions.isPending ? <p className="muted" role="status">Loading sessions…</p> : sessions.isError ? <QueryError error={sessions.error} what="sessions" /> : (
        <>
          <p>{user.username} has {countSessions(sessions.data.length)}{sessions.data.length > 0 ? ':' : '.'}</p>
          {sessions.data.length > 0 ? (
            <ul aria-label={`Sessions of ${user.username}`}>
              {sessions.data.map((s) => (
                <li key={s.id}>{describeUserAgent(s.userAgent)}{s.sourceIp ? ` at ${s.sourceIp}` : ''}, last active <RelativeTime iso={s.lastSeenAt} /></li>
              ))}
            </ul>
          ) : null}
        </>
      )}
      <p className="muted">Every session ends at once. The password stays, so {user.username} can sign in again; to keep them out, disable the account or reset its password.</p>
      {problem ? <div className="alert" role="alert">{problem}</div> : null}
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>Cancel</button>
        <button type="button" className="button danger" disabled={end.isPending} onClick={() => void confirm()}>{end.isPending ? 'Signing out…' : 'Sign out everywhere'}</button>
      </div>
    </>
  );
}

/** An administrator ends all sessions of an account (a lost laptop, a shared screen), confirmed first. */
export function SignOutEverywhereDialog({ user, open, onClose }: { user: UserInfo; open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title={`Sign ${user.username} out everywhere?`}>
      <Body user={user} onDone={onClose} />
    </Dialog>
  );
}
