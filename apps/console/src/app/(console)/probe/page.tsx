import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { ProbeView } from '../../../features/probe/probe-view';

export const metadata = { title: 'Upstream TLS probe' };

export default function ProbePage() {
  return (
    <>
      <PageHeader
        title="Upstream TLS probe"
        description="Ask a worker to connect to a Service's endpoints: the certificate chain they present, whether a CA verifies it, the name check and expiry — before and after a TLS policy."
      />
      <Suspense fallback={null}><ProbeView /></Suspense>
    </>
  );
}
