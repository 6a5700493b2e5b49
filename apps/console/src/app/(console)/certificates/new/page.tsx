import { Suspense } from 'react';
import { PageHeader } from '../../../../components/page-header';
import { WizardView } from '../../../../features/certificates/wizard/wizard-view';

export const metadata = { title: 'New certificate' };

export default function NewCertificatePage() {
  return (
    <>
      <PageHeader title="New certificate" description="A CA, a server or client certificate, a signed request or an import — checked on the server before anything is created." />
      <Suspense fallback={null}><WizardView /></Suspense>
    </>
  );
}
