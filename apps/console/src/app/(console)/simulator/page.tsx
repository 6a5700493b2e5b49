import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { SimulatorView } from '../../../features/simulator/simulator-view';

export const metadata = { title: 'Request simulator' };

export default function SimulatorPage() {
  return (
    <>
      <PageHeader
        title="Request simulator"
        description="What the gateway will do with a request and why: the listener, the winning rule, its filters, the backends and the upstream TLS — computed by the worker's own code, on the current configuration or a draft."
      />
      <Suspense fallback={null}><SimulatorView /></Suspense>
    </>
  );
}
