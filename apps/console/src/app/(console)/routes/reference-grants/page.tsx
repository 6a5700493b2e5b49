import { Suspense } from 'react';
import { PageHeader } from '../../../../components/page-header';
import { SectionTabs } from '../../../../components/section-tabs';
import { CreateLinks } from '../../../../features/resource-detail/create-link';
import { ReferenceGrantsView } from '../../../../features/resources/more-kind-views';
import { ROUTE_TABS } from '../../../../features/resources/section-tabs';

export const metadata = { title: 'Reference grants' };

export default function ReferenceGrantsPage() {
  return (
    <>
      <PageHeader title="Reference grants" description="Which namespaces may send traffic to Services (or use Secrets) in this one." actions={<Suspense fallback={null}><CreateLinks links={[{ plural: 'referencegrants', label: 'New reference grant' }]} /></Suspense>} />
      <Suspense fallback={null}><SectionTabs label="Route lists" tabs={ROUTE_TABS} /></Suspense>
      <Suspense fallback={null}><ReferenceGrantsView /></Suspense>
    </>
  );
}
