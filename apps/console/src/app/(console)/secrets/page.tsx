import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { SectionTabs } from '../../../components/section-tabs';
import { SECRET_TABS } from '../../../features/resources/section-tabs';
import { CreateLinks } from '../../../features/resource-detail/create-link';
import { SecretsView } from '../../../features/resources/kind-views';

export const metadata = { title: 'Secrets' };

export default function SecretsPage() {
  return (
    <>
      <PageHeader title="Secrets" description="Keys and their sizes only: Secret values are encrypted at rest and never shown here." actions={<Suspense fallback={null}><CreateLinks links={[{ plural: 'secrets', label: 'New secret' }, { plural: 'configmaps', label: 'New config map' }]} /></Suspense>} />
      <Suspense fallback={null}><SectionTabs label="Secret lists" tabs={SECRET_TABS} /></Suspense>
      <Suspense fallback={null}><SecretsView /></Suspense>
    </>
  );
}
