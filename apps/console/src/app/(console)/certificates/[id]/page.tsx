import { Suspense } from 'react';
import { CertificateDetailView } from '../../../../features/certificates/detail/certificate-detail-view';

export const metadata = { title: 'Certificate' };

export default async function CertificatePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <Suspense fallback={null}><CertificateDetailView id={id} /></Suspense>;
}
