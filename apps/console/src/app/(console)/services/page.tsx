import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { ServicesView } from '../../../features/resources/services-view';

export const metadata = { title: 'Services' };

export default function ServicesPage() {
  return (
    <>
      <PageHeader title="Services" description="The upstreams routes send traffic to, their ports and endpoint addresses." />
      <Suspense fallback={null}><ServicesView /></Suspense>
    </>
  );
}
