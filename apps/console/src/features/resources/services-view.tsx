'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPC } from '../../trpc/react';
import { useNamespace } from '../shell/use-namespace';
import { ResourceTable } from './resource-table';
import { countEndpoints, serviceColumns } from './service-columns';

/** Services with their ports and the endpoint addresses their EndpointSlices give them. */
export function ServicesView() {
  const trpc = useTRPC();
  const [namespace] = useNamespace();
  const slices = useQuery(trpc.resources.list.queryOptions({ plural: 'endpointslices', limit: 5000, ...(namespace ? { namespace } : {}) }));
  const columns = useMemo(() => serviceColumns((svc) => {
    if (!slices.data) return <span className="muted">…</span>;
    const { ready, total } = countEndpoints(slices.data.items, svc);
    if (total === 0) return <span className="badge pending">No endpoints</span>;
    return <span className={`badge ${ready > 0 ? 'ok' : 'bad'}`}>{ready} of {total} address{total === 1 ? '' : 'es'} ready</span>;
  }), [slices.data]);
  return (
    <ResourceTable plural="services" noun="services" caption="Services" columns={columns}
      empty={<p>Services name the upstreams routes send traffic to.</p>} create={{ label: 'Create the first service' }} />
  );
}
