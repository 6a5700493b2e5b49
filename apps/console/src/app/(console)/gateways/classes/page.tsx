import { Suspense } from 'react';
import { PageHeader } from '../../../../components/page-header';
import { SectionTabs } from '../../../../components/section-tabs';
import { CreateLinks } from '../../../../features/resource-detail/create-link';
import { GatewayClassesView } from '../../../../features/resources/more-kind-views';
import { GATEWAY_TABS } from '../../../../features/resources/section-tabs';

export const metadata = { title: 'Gateway classes' };

export default function GatewayClassesPage() {
  return (
    <>
      <PageHeader title="Gateway classes" description="Which controller runs the Gateways of each class. Cluster-wide: the namespace picker does not apply." actions={<Suspense fallback={null}><CreateLinks links={[{ plural: 'gatewayclasses', label: 'New gateway class' }]} /></Suspense>} />
      <Suspense fallback={null}><SectionTabs label="Gateway lists" tabs={GATEWAY_TABS} /></Suspense>
      <Suspense fallback={null}><GatewayClassesView /></Suspense>
    </>
  );
}
