import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { SectionTabs } from '../../../components/section-tabs';
import { GATEWAY_TABS } from '../../../features/resources/section-tabs';
import { CreateLinks } from '../../../features/resource-detail/create-link';
import { GatewaysView } from '../../../features/resources/kind-views';

export const metadata = { title: 'Gateways' };

export default function GatewaysPage() {
  return (
    <>
      <PageHeader title="Gateways" description="Where clients connect: each listener, the routes attached to it and whether the worker serves it." actions={<Suspense fallback={null}><CreateLinks links={[{ plural: 'gateways', label: 'New gateway' }, { plural: 'gatewayclasses', label: 'New gateway class' }]} /></Suspense>} />
      <Suspense fallback={null}><SectionTabs label="Gateway lists" tabs={GATEWAY_TABS} /></Suspense>
      <Suspense fallback={null}><GatewaysView /></Suspense>
    </>
  );
}
