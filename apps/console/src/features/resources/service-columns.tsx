import type { KubeObject } from '@gatehouse/domain/object/meta';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { asArr, asNum, asObj, asStr, at } from './read-object';
import { NameCell, type Column } from './resource-table';

function Ports({ svc }: { svc: KubeObject }) {
  const ports = asArr(at(svc, 'spec', 'ports'));
  if (ports.length === 0) return <span className="muted">none</span>;
  return (
    <div className="stack">
      {ports.map((p, i) => {
        const o = asObj(p);
        const target = o?.targetPort ?? o?.port;
        return (
          <span key={i}>
            {asNum(o?.port)} → {String(target)} {asStr(o?.protocol) ?? 'TCP'}
            {' '}<Link href={`/probe?namespace=${encodeURIComponent(svc.metadata.namespace ?? '')}&service=${encodeURIComponent(svc.metadata.name)}&port=${asNum(o?.port) ?? ''}`} aria-label={`probe TLS of ${svc.metadata.name} port ${asNum(o?.port) ?? ''}`}>probe TLS</Link>
            {asStr(o?.name) ? <span className="sub">name {asStr(o?.name)}{asStr(o?.appProtocol) ? ` · ${asStr(o?.appProtocol)}` : ''}</span> : null}
          </span>
        );
      })}
    </div>
  );
}

/** Endpoint addresses of a Service from its EndpointSlices (label kubernetes.io/service-name). */
export function countEndpoints(slices: KubeObject[], svc: KubeObject): { ready: number; total: number } {
  let ready = 0;
  let total = 0;
  for (const s of slices) {
    if (s.metadata.namespace !== svc.metadata.namespace || s.metadata.labels?.['kubernetes.io/service-name'] !== svc.metadata.name) continue;
    for (const e of asArr(at(s, 'endpoints'))) {
      const n = asArr(asObj(e)?.addresses).length;
      total += n;
      // EndpointConditions.ready: nil means ready. @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/endpoint-slice-v1/
      if (at(e, 'conditions', 'ready') !== false) ready += n;
    }
  }
  return { ready, total };
}

export function serviceColumns(endpoints: (svc: KubeObject) => ReactNode): Column[] {
  return [
    { header: 'Service', cell: (o) => <NameCell obj={o} extra={asStr(at(o, 'spec', 'type')) ?? 'ClusterIP'} /> },
    { header: 'Ports', cell: (o) => <Ports svc={o} /> },
    { header: 'Endpoints', cell: endpoints },
    { header: 'Selector', cell: (o) => { const sel = asObj(at(o, 'spec', 'selector')); return sel && Object.keys(sel).length > 0 ? Object.entries(sel).map(([k, v]) => `${k}=${String(v)}`).join(', ') : <span className="muted">none (endpoints given directly)</span>; } },
  ];
}
