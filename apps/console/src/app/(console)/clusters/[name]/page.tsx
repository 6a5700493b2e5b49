import { Suspense } from 'react';
import { ClusterDetailView } from '../../../../features/clusters/cluster-detail-view';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return { title: `Cluster ${name}` };
}

export default async function ClusterPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <Suspense fallback={null}><ClusterDetailView name={name} /></Suspense>;
}
