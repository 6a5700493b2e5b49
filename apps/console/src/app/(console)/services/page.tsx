import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { CreateLinks } from '../../../features/resource-detail/create-link';
import { ServicesView } from '../../../features/resources/services-view';

export const metadata = { title: 'Services' };

export default function ServicesPage() {
  return (
    <>
      <PageHeader title="Services" description="The upstreams routes send traffic to, their ports and endpoint addresses." actions={<Suspense fallback={null}><CreateLinks links={[{ plural: 'services', label: 'New service' }]} /></Suspense>} />
      <Suspense fallback={null}><ServicesView /></Suspense>
    </>
  );
}
