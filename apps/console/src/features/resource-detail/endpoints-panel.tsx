'use client';

import { useQuery } from '@tanstack/react-query';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { useState } from 'react';
import { QueryError } from '../../components/query-error';
import { useTRPC } from '../../trpc/react';
import { EDITORS } from '../resource-editor/editor-registry';
import { asArr, asNum, asObj, asStr, at } from '../resources/read-object';
import { useCan } from '../shell/session-context';
import { describeEndpointSlice } from './describe/describe-service';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/**
 * A new EndpointSlice for a Service: one port per Service port, matched by name, dialling the numeric target
 * port (or the port itself). @see https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/
 */
export function blankSliceFor(service: KubeObject, taken: readonly string[]): Record<string, unknown> {
  const base = `${service.metadata.name}-endpoints`;
  let name = base;
  for (let i = 2; taken.includes(name); i++) name = `${base}-${i}`;
  const ports = asArr(at(service, 'spec', 'ports')).map((p) => {
    const o = asObj(p);
    const target = asNum(o?.targetPort) ?? asNum(o?.port) ?? 443;
    return { name: asStr(o?.name) ?? '', protocol: asStr(o?.protocol) ?? 'TCP', port: target };
  });
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { name, namespace: service.metadata.namespace, labels: { [SERVICE_NAME_LABEL]: service.metadata.name } },
    addressType: 'IPv4', ports, endpoints: [{ addresses: [''], conditions: { ready: true } }],
  };
}

/** The Service's endpoints: its EndpointSlices, each in words and editable in place. */
export function EndpointsPanel({ service }: { service: KubeObject }) {
  const trpc = useTRPC();
  const can = useCan();
  const ns = service.metadata.namespace ?? '';
  const slices = useQuery(trpc.resources.list.queryOptions({ plural: 'endpointslices', namespace: ns, limit: 500 }));
  const [editing, setEditing] = useState<string | null>(null);
  const { Editor } = EDITORS.endpointslices!;
  const mine = (slices.data?.items ?? []).filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === service.metadata.name);
  const selector = asObj(at(service, 'spec', 'selector'));
  return (
    <section className="card" aria-labelledby="endpoints-title">
      <h2 id="endpoints-title">Endpoints</h2>
      <p className="muted">
        Where the gateway sends this Service&apos;s traffic: the addresses of its EndpointSlices (label {SERVICE_NAME_LABEL}={service.metadata.name}).
        {selector && Object.keys(selector).length > 0 ? ' Its pod selector has no pods to read here, so give the addresses directly.' : ''}
      </p>
      {slices.isError ? <QueryError error={slices.error} what="endpoints" /> : null}
      {slices.isPending ? <p className="muted" role="status">Loading endpoints…</p> : null}
      {slices.data && mine.length === 0 && editing !== '+new' ? <p><strong>No endpoints yet.</strong> Requests routed to this Service get 503 until it has a ready address.</p> : null}
      <ul className="endpoint-slices">
        {mine.map((s) => {
          const words = describeEndpointSlice(s);
          return (
            <li key={s.metadata.name}>
              {editing === s.metadata.name ? (
                <Editor mode="edit" initial={s} embedded onSaved={() => setEditing(null)} onCancel={() => setEditing(null)} />
              ) : (
                <div className="row spread">
                  <span>
                    {words.text}
                    <span className="sub">{words.detail} · slice {s.metadata.name}</span>
                  </span>
                  {can.write ? <button type="button" className="button small" onClick={() => setEditing(s.metadata.name)} aria-label={`Edit endpoints in slice ${s.metadata.name}`}>Edit endpoints</button> : null}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {editing === '+new' ? (
        <Editor mode="create" initial={blankSliceFor(service, mine.map((s) => s.metadata.name))} embedded onSaved={() => setEditing(null)} onCancel={() => setEditing(null)} />
      ) : can.write ? (
        <button type="button" className="button" onClick={() => setEditing('+new')}>Add endpoints</button>
      ) : null}
    </section>
  );
}
