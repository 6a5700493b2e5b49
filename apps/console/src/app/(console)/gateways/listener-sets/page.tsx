import { Suspense } from 'react';
import { PageHeader } from '../../../../components/page-header';
import { SectionTabs } from '../../../../components/section-tabs';
import { CreateLinks } from '../../../../features/resource-detail/create-link';
import { ListenerSetsView } from '../../../../features/resources/more-kind-views';
import { GATEWAY_TABS } from '../../../../features/resources/section-tabs';

export const metadata = { title: 'Listener sets' };

export default function ListenerSetsPage() {
  return (
    <>
      <PageHeader title="Listener sets" description="Listeners added to a Gateway from other teams or namespaces, when the Gateway allows them." actions={<Suspense fallback={null}><CreateLinks links={[{ plural: 'listenersets', label: 'New listener set' }]} /></Suspense>} />
      <Suspense fallback={null}><SectionTabs label="Gateway lists" tabs={GATEWAY_TABS} /></Suspense>
      <Suspense fallback={null}><ListenerSetsView /></Suspense>
    </>
  );
}
