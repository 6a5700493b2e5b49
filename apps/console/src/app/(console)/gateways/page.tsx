import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { GatewaysView } from '../../../features/resources/kind-views';

export const metadata = { title: 'Gateways' };

export default function GatewaysPage() {
  return (
    <>
      <PageHeader title="Gateways" description="Where clients connect: each listener, the routes attached to it and whether the worker serves it." />
      <Suspense fallback={null}><GatewaysView /></Suspense>
    </>
  );
}
