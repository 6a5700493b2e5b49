import { Suspense } from 'react';
import { PageHeader } from '../../../components/page-header';
import { TopologyView } from '../../../features/topology/topology-view';

export const metadata = { title: 'Topology' };

export default function TopologyPage() {
  return (
    <>
      <PageHeader
        title="Topology"
        description="Gateways and their listeners → routes → Services → TLS policies → Secrets → certificates, coloured by their computed status."
      />
      <Suspense fallback={null}><TopologyView /></Suspense>
    </>
  );
}
