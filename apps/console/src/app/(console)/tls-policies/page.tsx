import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { TlsPoliciesView } from '../../../features/resources/tls-policies-view';

export const metadata = { title: 'TLS Policies' };

export default function TlsPoliciesPage() {
  return (
    <>
      <PageHeader title="TLS Policies" description="How the gateway speaks HTTPS to upstream Services and which CA it verifies them with." />
      <Suspense fallback={null}><TlsPoliciesView /></Suspense>
    </>
  );
}
