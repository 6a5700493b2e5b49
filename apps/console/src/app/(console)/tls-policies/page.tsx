import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { CreateLinks } from '../../../features/resource-detail/create-link';
import { TlsPoliciesView } from '../../../features/resources/tls-policies-view';

export const metadata = { title: 'TLS Policies' };

export default function TlsPoliciesPage() {
  return (
    <>
      <PageHeader title="TLS Policies" description="How the gateway speaks HTTPS to upstream Services and which CA it verifies them with." actions={<Suspense fallback={null}><CreateLinks links={[{ plural: 'upstreamtlspolicies', label: 'New upstream TLS policy', kind: 'upstream' }, { plural: 'backendtlspolicies', label: 'New backend TLS policy', kind: 'backend' }]} kindParam /></Suspense>} />
      <Suspense fallback={null}><TlsPoliciesView /></Suspense>
    </>
  );
}
