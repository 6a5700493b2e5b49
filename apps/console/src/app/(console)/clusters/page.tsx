import { Suspense } from 'react';
import { ClustersView } from '../../../features/clusters/clusters-view';

export const metadata = { title: 'Clusters' };

export default function ClustersPage() {
  return <Suspense fallback={null}><ClustersView /></Suspense>;
}
