import { Suspense } from 'react';
import { PageHeader } from '../../components/page-header';
import { DashboardExplore, GetStarted } from '../../features/dashboard/dashboard-explore';
import { DashboardView } from '../../features/dashboard/dashboard-view';

export const metadata = { title: 'Dashboard' };

export default function DashboardPage() {
  return (
    <>
      <PageHeader title="Dashboard" description="Gateways, routes and upstream TLS policies, the workers that enforce them, and what changed last." />
      <Suspense fallback={null}><GetStarted /><DashboardView /><DashboardExplore /></Suspense>
    </>
  );
}
