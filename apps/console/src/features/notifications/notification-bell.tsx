'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTRPC } from '../../trpc/react';
import { describeUnread } from './describe-notification';
import './notifications.css';

/** The header's bell: a link to the notifications page with the unread count, refreshed every 30 s. */
export function NotificationBell() {
  const trpc = useTRPC();
  const pathname = usePathname();
  const unread = useQuery({ ...trpc.notifications.unreadCount.queryOptions(), refetchInterval: 30_000 });
  const { badge, label } = describeUnread(unread.data?.unread ?? 0);
  return (
    <Link href="/notifications" className="icon-button notification-bell" aria-label={label} title={label} aria-current={pathname === '/notifications' ? 'page' : undefined}>
      <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {badge ? <span className="bell-count" aria-hidden="true">{badge}</span> : null}
    </Link>
  );
}
