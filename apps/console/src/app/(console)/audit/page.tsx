import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { AuditView } from '../../../features/audit/audit-view';

export const metadata = { title: 'Audit Log' };

export default function AuditPage() {
  return (
    <>
      <PageHeader title="Audit Log" description="Every change and sign-in, who made it and from where. The log is hash-chained: an edited event breaks the chain." />
      <Suspense fallback={null}><AuditView /></Suspense>
    </>
  );
}
