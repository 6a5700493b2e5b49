import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { SecretsView } from '../../../features/resources/kind-views';

export const metadata = { title: 'Secrets' };

export default function SecretsPage() {
  return (
    <>
      <PageHeader title="Secrets" description="Keys and their sizes only: Secret values are encrypted at rest and never shown here." />
      <Suspense fallback={null}><SecretsView /></Suspense>
    </>
  );
}
