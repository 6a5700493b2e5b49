'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useId } from 'react';
import { EmptyState } from '../../components/empty-state';
import { QueryError } from '../../components/query-error';
import { useTRPC } from '../../trpc/react';
import { hrefOf } from '../resource-detail/resource-href';
import { asArr, asNum, asObj, asStr } from '../resources/read-object';
import { useNamespace } from '../shell/use-namespace';
import { UpstreamProbePanel } from './upstream-probe-panel';
import './probe.css';

/** Chooses the Service to probe; the choice lives in the URL (`?namespace=&service=&port=`, or `portName=`; `hostname=` fills in the name to check). */
function ServicePicker({ namespace, service }: { namespace: string | undefined; service: string | undefined }) {
  const trpc = useTRPC();
  const id = useId();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const list = useQuery(trpc.resources.list.queryOptions({ plural: 'services', limit: 500, ...(namespace ? { namespace } : {}) }));
  const choose = (value: string) => {
    const [ns = '', name = ''] = value.split('/');
    const next = new URLSearchParams(params.toString());
    for (const k of ['port', 'portName', 'hostname']) next.delete(k);
    if (name) {
      next.set('namespace', ns);
      next.set('service', name);
    } else next.delete('service');
    router.push(`${pathname}?${next.toString()}`);
  };
  if (list.isError) return <QueryError error={list.error} what="services" />;
  const items = list.data?.items ?? [];
  return (
    <div className="card probe-picker">
      <div className="inline-field">
        <label htmlFor={id}>Service</label>
        <select id={id} value={service && namespace ? `${namespace}/${service}` : ''} onChange={(e) => choose(e.target.value)}>
          <option value="">{list.isPending ? 'Loading services…' : items.length === 0 ? 'No services' : 'Choose a Service'}</option>
          {items.map((s) => <option key={`${s.metadata.namespace}/${s.metadata.name}`} value={`${s.metadata.namespace}/${s.metadata.name}`}>{s.metadata.namespace}/{s.metadata.name}</option>)}
        </select>
      </div>
      {list.data && items.length === 0 ? (
        <EmptyState title={`No Services${namespace ? ` in namespace ${namespace}` : ''}`}>
          <p>Probe the upstream of a Service with endpoints. <Link href="/">Load the Upstream TLS example</Link> from the dashboard to try it.</p>
        </EmptyState>
      ) : null}
    </div>
  );
}

/** The probe page: pick a Service, then probe one of its ports. */
export function ProbeView() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const [namespace] = useNamespace();
  const service = params.get('service') ?? undefined;
  const svc = useQuery({ ...trpc.resources.get.queryOptions({ plural: 'services', namespace: namespace ?? '', name: service ?? '' }), enabled: Boolean(namespace && service) });
  const specPorts = asArr(asObj(svc.data?.spec)?.ports).map(asObj);
  const ports = specPorts.map((p) => asNum(p?.port)).filter((p): p is number => p !== undefined);
  // `port` by number, or `portName` by the Service port's name (a BackendTLSPolicy's sectionName names it so).
  const portName = params.get('portName');
  const port = Number(params.get('port') ?? '') || (portName ? asNum(specPorts.find((p) => asStr(p?.name) === portName)?.port) : undefined);
  const hostname = params.get('hostname') ?? undefined;
  const href = namespace && service ? hrefOf({ group: '', kind: 'Service', namespace, name: service }) : undefined;
  return (
    <>
      <ServicePicker namespace={namespace} service={service} />
      {namespace && service ? (
        svc.isPending ? <p className="muted" role="status">Loading the Service…</p>
          : svc.isError ? <QueryError error={svc.error} what={`Service ${namespace}/${service}`} />
            : (
              <>
                {href ? <p><Link href={href}>Open Service {namespace}/{service}</Link></p> : null}
                <UpstreamProbePanel key={`${namespace}/${service}`} namespace={namespace} service={service} ports={ports} defaultPort={port} defaultHostname={hostname} />
              </>
            )
      ) : null}
    </>
  );
}
