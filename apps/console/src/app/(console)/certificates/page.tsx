import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { CertificatesView } from '../../../features/certificates/certificates-view';
import { NewCertificateLink } from '../../../features/certificates/new-certificate-link';

export const metadata = { title: 'Certificates' };

export default function CertificatesPage() {
  return (
    <>
      <PageHeader title="Certificates" description="The certificate inventory: CAs and the certificates they issued, with expiry at a glance." actions={<NewCertificateLink />} />
      <Suspense fallback={null}><CertificatesView /></Suspense>
    </>
  );
}
