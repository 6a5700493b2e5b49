import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { RoutesView } from '../../../features/resources/kind-views';

export const metadata = { title: 'Routes' };

export default function RoutesPage() {
  return (
    <>
      <PageHeader title="Routes" description="HTTPRoutes: which requests go to which Services, and whether each Gateway accepted them." />
      <Suspense fallback={null}><RoutesView /></Suspense>
    </>
  );
}
