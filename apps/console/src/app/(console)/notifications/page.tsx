import { Suspense } from 'react';
import { NotificationsView } from '../../../features/notifications/notifications-view';

export const metadata = { title: 'Notifications' };

export default function NotificationsPage() {
  return <Suspense fallback={null}><NotificationsView /></Suspense>;
}
