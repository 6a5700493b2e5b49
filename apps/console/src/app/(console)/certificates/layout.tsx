import type { ReactNode } from 'react';
import '../../../features/certificates/certificates.css';

/** The certificate pages (inventory, wizard, certificate page) share one stylesheet. */
export default function CertificatesLayout({ children }: { children: ReactNode }) {
  return children;
}
