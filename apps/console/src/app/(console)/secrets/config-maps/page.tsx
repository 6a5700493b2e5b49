import { Suspense } from 'react';
import { PageHeader } from '../../../../components/page-header';
import { SectionTabs } from '../../../../components/section-tabs';
import { CreateLinks } from '../../../../features/resource-detail/create-link';
import { ConfigMapsView } from '../../../../features/resources/more-kind-views';
import { SECRET_TABS } from '../../../../features/resources/section-tabs';

export const metadata = { title: 'Config maps' };

export default function ConfigMapsPage() {
  return (
    <>
      <PageHeader title="Config maps" description="Plain settings such as CA bundles for BackendTLSPolicy; unlike Secrets, values are not encrypted." actions={<Suspense fallback={null}><CreateLinks links={[{ plural: 'configmaps', label: 'New config map' }]} /></Suspense>} />
      <Suspense fallback={null}><SectionTabs label="Secret lists" tabs={SECRET_TABS} /></Suspense>
      <Suspense fallback={null}><ConfigMapsView /></Suspense>
    </>
  );
}
