'use client';

import type { Notification } from '@gatehouse/domain/notification/notification.schema';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { errorMessageOf } from '../../components/mutation-error';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { RelativeTime } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import { useTRPC } from '../../trpc/react';
import { useCan } from '../shell/session-context';
import { describeListStatus, describeSubject, SEVERITY_LABEL, SEVERITY_TONE, TYPE_SHORT } from './describe-notification';
import './notifications.css';

const PAGE = 50;

function NotificationItem({ n, onRead, busy }: { n: Notification; onRead: (id: number) => void; busy: boolean }) {
  const subject = describeSubject(n.type, n.subject);
  const unread = n.readAt === null;
  const titleId = `notification-${n.id}-title`;
  return (
    <li>
      <article className={`notification ${n.severity}${unread ? ' unread' : ''}`} aria-labelledby={titleId}>
        <h2 id={titleId}>
          {unread ? <span className="unread-dot" aria-hidden="true" /> : null}
          <span>{n.title}</span>
        </h2>
        <div className="notification-actions">
          {unread ? <button type="button" className="button small" disabled={busy} onClick={() => onRead(n.id)} aria-label={`Mark read: ${n.title}`}>Mark read</button> : null}
        </div>
        <p className="notification-body">{n.body}</p>
        <div className="notification-meta">
          <StatusBadge tone={SEVERITY_TONE[n.severity]}>{SEVERITY_LABEL[n.severity]}</StatusBadge>
          {unread ? <StatusBadge tone="pending">Unread</StatusBadge> : <span>Read by {n.readBy ?? 'someone'} <RelativeTime iso={n.readAt} /></span>}
          <span>{TYPE_SHORT[n.type]}</span>
          <RelativeTime iso={n.createdAt} />
          <Link href={subject.href}>{subject.label}</Link>
        </div>
      </article>
    </li>
  );
}

/**
 * Notifications, newest first: severity, what happened in words, a link to the subject, read state. Everyone
 * signed in sees them and marks them read (for the whole team); administrators can run the checks now.
 */
export function NotificationsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { manage } = useCan();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const pages = useQueries({
    queries: cursors.map((before) => trpc.notifications.list.queryOptions({ limit: PAGE, ...(before ? { before } : {}), ...(unreadOnly ? { unread: 'true' } : {}) })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSettled: refresh }));
  const markAll = useMutation(trpc.notifications.markAllRead.mutationOptions({ onSettled: refresh }));
  const check = useMutation(trpc.notifications.check.mutationOptions({ onSettled: refresh }));
  const first = pages[0]!;
  const items = pages.flatMap((p) => p.data?.items ?? []);
  const last = pages.at(-1)?.data;
  const unread = first.data?.unread ?? 0;
  const show = (only: boolean) => {
    setUnreadOnly(only);
    setCursors([undefined]);
  };
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Certificates about to expire, failed auto-renewals, workers out of sync or unreachable, cluster drift and failed pushes. Channels under Settings send them on."
        actions={
          <div className="row">
            {manage ? <button type="button" className="button" disabled={check.isPending} onClick={() => check.mutate()}>{check.isPending ? 'Checking…' : 'Check now'}</button> : null}
            <button type="button" className="button primary" disabled={unread === 0 || markAll.isPending} onClick={() => markAll.mutate()}>Mark all read</button>
          </div>
        }
      />
      {check.data ? <p className="callout ok" role="status">{check.data.created === 0 ? 'Checked: nothing new.' : `Checked: ${check.data.created} new notification${check.data.created === 1 ? '' : 's'}.`}</p> : null}
      {[markRead, markAll, check].map((m, i) => (m.isError ? <div key={i} className="alert" role="alert">{errorMessageOf(m.error)}</div> : null))}
      <div className="notification-toolbar">
        <span className="muted" role="status">{first.isPending ? 'Loading notifications…' : describeListStatus(items.length, unread, unreadOnly)}</span>
        <div className="row" role="group" aria-label="Show">
          <button type="button" className="button small" aria-pressed={!unreadOnly} onClick={() => show(false)}>All</button>
          <button type="button" className="button small" aria-pressed={unreadOnly} onClick={() => show(true)}>Unread</button>
        </div>
      </div>
      {first.isError ? <QueryError error={first.error} what="notifications" /> : first.isPending ? null : items.length === 0 ? (
        <div className="table-wrap">
          <EmptyState title={unreadOnly ? 'Nothing unread' : 'No notifications yet'}>
            <p>Gatehouse checks every minute for certificates expiring within 30, 7 and 1 days, failed auto-renewals, workers out of sync or unreachable, cluster drift and failed pushes.</p>
          </EmptyState>
        </div>
      ) : (
        <>
          <ol className="notification-list" aria-label="Notifications, newest first">
            {items.map((n) => <NotificationItem key={n.id} n={n} busy={markRead.isPending} onRead={(id) => markRead.mutate({ id })} />)}
          </ol>
          {last?.nextBefore ? (
            <div className="pager">
              <button type="button" className="button" onClick={() => setCursors((c) => [...c, last.nextBefore])}>Show older</button>
            </div>
          ) : null}
        </>
      )}
    </>
  );
}
