import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { SectionTabs } from '../../../components/section-tabs';
import { ROUTE_TABS } from '../../../features/resources/section-tabs';
import { CreateLinks } from '../../../features/resource-detail/create-link';
import { RoutesView } from '../../../features/resources/kind-views';

export const metadata = { title: 'Routes' };

export default function RoutesPage() {
  return (
    <>
      <PageHeader title="Routes" description="HTTPRoutes: which requests go to which Services, and whether each Gateway accepted them." actions={<Suspense fallback={null}><CreateLinks links={[{ plural: 'httproutes', label: 'New route' }, { plural: 'referencegrants', label: 'New reference grant' }]} /></Suspense>} />
      <Suspense fallback={null}><SectionTabs label="Route lists" tabs={ROUTE_TABS} /></Suspense>
      <Suspense fallback={null}><RoutesView /></Suspense>
    </>
  );
}
