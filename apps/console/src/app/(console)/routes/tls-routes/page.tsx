import { Suspense } from 'react';
import { PageHeader } from '../../../../components/page-header';
import { SectionTabs } from '../../../../components/section-tabs';
import { CreateLinks } from '../../../../features/resource-detail/create-link';
import { TlsRoutesView } from '../../../../features/resources/more-kind-views';
import { ROUTE_TABS } from '../../../../features/resources/section-tabs';

export const metadata = { title: 'TLS routes' };

export default function TlsRoutesPage() {
  return (
    <>
      <PageHeader title="TLS routes" description="TLSRoutes: which server names (SNI) on TLS listeners go to which Services, passed through or terminated at the Gateway." actions={<Suspense fallback={null}><CreateLinks links={[{ plural: 'tlsroutes', label: 'New TLS route' }]} /></Suspense>} />
      <Suspense fallback={null}><SectionTabs label="Route lists" tabs={ROUTE_TABS} /></Suspense>
      <Suspense fallback={null}><TlsRoutesView /></Suspense>
    </>
  );
}
