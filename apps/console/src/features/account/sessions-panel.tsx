'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessageOf } from '../../components/mutation-error';
import { QueryError } from '../../components/query-error';
import { RelativeTime } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import { toast } from '../../components/toast';
import type { SessionInfo } from '../../server/auth/user.schema';
import { useTRPC } from '../../trpc/react';
import { describeSession, describeSessionsEnded } from './describe-session';

function SessionRow({ session, ending, onEnd }: { session: SessionInfo; ending: boolean; onEnd: () => void }) {
  const { title, note } = describeSession(session);
  const place = session.sourceIp || 'an unknown address';
  return (
    <tr>
      <td>
        <span className="row"><strong title={session.userAgent}>{title}</strong>{note ? <StatusBadge tone="ok">This device</StatusBadge> : null}</span>
        <span className="sub mono">session {session.id.slice(0, 8)}</span>
      </td>
      <td><span className="mono" style={{ whiteSpace: 'nowrap' }}>{place}</span></td>
      <td><RelativeTime iso={session.createdAt} /></td>
      <td>{session.current ? 'now' : <RelativeTime iso={session.lastSeenAt} />}</td>
      <td>
        {session.current ? <span className="muted">Sign out from the account menu</span> : (
          <button type="button" className="button small" disabled={ending} onClick={onEnd}>
            Sign out<span className="visually-hidden"> {title} at {place}</span>
          </button>
        )}
      </td>
    </tr>
  );
}

/** Where you are signed in: this browser marked, the others can be signed out one by one or all at once. */
export function SessionsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.me.sessions.queryOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.me.sessions.queryKey() });
  const end = useMutation(trpc.me.endSession.mutationOptions({ onSettled: refresh }));
  const endOthers = useMutation(trpc.me.endOtherSessions.mutationOptions({ onSettled: refresh }));
  const others = sessions.data?.filter((s) => !s.current).length ?? 0;

  const endOne = async (s: SessionInfo) => {
    setProblem(null);
    try {
      await end.mutateAsync({ id: s.id });
      toast.success(`Signed out ${describeSession(s).title}${s.sourceIp ? ` at ${s.sourceIp}` : ''}`);
    } catch (e) {
      setProblem(errorMessageOf(e));
    }
  };
  const endAll = async () => {
    setProblem(null);
    try {
      const r = await endOthers.mutateAsync();
      toast.success(describeSessionsEnded(r.endedSessions));
    } catch (e) {
      setProblem(errorMessageOf(e));
    }
  };

  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Your sessions</h2>
      <p className="muted">Browsers signed in to your account. A session ends after 12 hours without use, and 7 days after sign-in at the latest.</p>
      {problem ? <div className="alert" role="alert">{problem}</div> : null}
      {sessions.isPending ? <p className="muted" role="status">Loading sessions…</p> : sessions.isError ? <QueryError error={sessions.error} what="sessions" /> : (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Your sessions</caption>
              <thead><tr><th scope="col">Browser</th><th scope="col">Address</th><th scope="col">Signed in</th><th scope="col">Last active</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {sessions.data.map((s) => <SessionRow key={s.id} session={s} ending={end.isPending} onEnd={() => void endOne(s)} />)}
              </tbody>
            </table>
          </div>
          <div className="form-actions">
            <button type="button" className="button danger" disabled={others === 0 || endOthers.isPending} onClick={() => void endAll()}>
              {endOthers.isPending ? 'Signing out…' : 'Sign out all other sessions'}
            </button>
            <span className="muted">{others === 0 ? 'You are signed in nowhere else.' : `${others} other session${others === 1 ? '' : 's'}`}</span>
          </div>
        </>
      )}
    </section>
  );
}
