import type { KubeObject } from '@gatehouse/domain/object/meta';
import Link from 'next/link';
import { ConditionList } from '../../components/status-badge';
import { describeConditions } from './describe-status';
import { asArr, asNum, asObj, asStr, at } from './read-object';
import { NameCell, type Column } from './resource-table';

/** `Gateway simple-fsm-gateway port 8000` (kind only when it is not a Gateway; namespace when it differs). */
export function describeParentRef(ref: unknown, ownNamespace: string | undefined): string {
  const r = asObj(ref);
  const kind = asStr(r?.kind) ?? 'Gateway';
  const ns = asStr(r?.namespace);
  const section = asStr(r?.sectionName);
  const port = asNum(r?.port);
  return [`${kind} ${ns && ns !== ownNamespace ? `${ns}/` : ''}${asStr(r?.name) ?? '?'}`, section ? `listener ${section}` : '', port ? `port ${port}` : '']
    .filter(Boolean)
    .join(' · ');
}

/** Each parent with the status the route has there (status.parents[]). @see https://gateway-api.sigs.k8s.io/reference/spec/#routeparentstatus */
function Parents({ route }: { route: KubeObject }) {
  const parents = asArr(at(route, 'status', 'parents'));
  const refs = asArr(at(route, 'spec', 'parentRefs'));
  if (refs.length === 0) return <span className="muted">no parent</span>;
  return (
    <div className="stack">
      {refs.map((ref, i) => {
        const st = parents.find((p) => {
          const pr = asObj(asObj(p)?.parentRef);
          return pr?.name === asObj(ref)?.name && (pr?.port ?? undefined) === (asObj(ref)?.port ?? undefined) && (pr?.sectionName ?? undefined) === (asObj(ref)?.sectionName ?? undefined);
        });
        return (
          <div key={i}>
            {describeParentRef(ref, route.metadata.namespace)}
            <ConditionList conditions={describeConditions(asObj(st)?.conditions)} />
          </div>
        );
      })}
    </div>
  );
}

function Backends({ route }: { route: KubeObject }) {
  const rules = asArr(at(route, 'spec', 'rules'));
  const backends = rules.flatMap((r) => asArr(asObj(r)?.backendRefs)).map((b) => {
    const o = asObj(b);
    return `${asStr(o?.kind) && o?.kind !== 'Service' ? `${asStr(o?.kind)} ` : ''}${asStr(o?.name)}${asNum(o?.port) ? `:${asNum(o?.port)}` : ''}`;
  });
  const unique = [...new Set(backends)];
  return (
    <>
      {rules.length} rule{rules.length === 1 ? '' : 's'}
      <span className="sub">{unique.length > 0 ? `to ${unique.join(', ')}` : 'no backends'}</span>
    </>
  );
}

/** The request simulator, pre-filled with the route's first hostname and its first parentRef's port. */
function simulateHref(route: KubeObject, host: string | undefined): string {
  const q = new URLSearchParams({ namespace: route.metadata.namespace ?? '', path: '/' });
  const port = asNum(asObj(asArr(at(route, 'spec', 'parentRefs'))[0])?.port);
  if (port !== undefined) q.set('port', String(port));
  if (host && !host.startsWith('*')) q.set('host', host);
  return `/simulator?${q.toString()}`;
}

export const ROUTE_COLUMNS: Column[] = [
  { header: 'Route', cell: (o) => <NameCell obj={o} extra="HTTPRoute" /> },
  {
    header: 'Hostnames',
    cell: (o) => {
      const h = asArr(at(o, 'spec', 'hostnames')).map(asStr).filter(Boolean);
      return (
        <>
          {h.length > 0 ? h.join(', ') : <span className="muted">any (from the listener)</span>}
          <span className="sub"><Link href={simulateHref(o, h[0])}>simulate a request</Link></span>
        </>
      );
    },
  },
  { header: 'Rules', cell: (o) => <Backends route={o} /> },
  { header: 'Attached to', cell: (o) => <Parents route={o} /> },
];
