'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { StatusBadge } from '../../components/status-badge';
import { useTRPC } from '../../trpc/react';
import './drift-badges.css';

/** "Drifted in cluster prod" on an object's page, one link per cluster whose copy of it was changed or deleted. */
export function ClusterDriftBadges({ kind, namespace, name }: { kind: string; namespace: string | undefined; name: string }) {
  const trpc = useTRPC();
  const drift = useQuery(trpc.clusters.objectDrift.queryOptions({ kind, name, ...(namespace ? { namespace } : {}) }));
  const entries = drift.data ?? [];
  if (entries.length === 0) return null;
  return (
    <p className="drift-badges" role="group" aria-label="Drift in clusters">
      {entries.map((d) => (
        <Link key={d.cluster} href={`/clusters/${encodeURIComponent(d.cluster)}?tab=drift`} className="drift-badge"
          title={d.state === 'deleted' ? `Deleted from cluster ${d.cluster} since it was pushed` : `Changed in cluster ${d.cluster} since it was pushed`}>
          <StatusBadge tone={d.state === 'deleted' ? 'bad' : 'pending'}>{`Drifted in cluster ${d.cluster}`}</StatusBadge>
        </Link>
      ))}
    </p>
  );
}
