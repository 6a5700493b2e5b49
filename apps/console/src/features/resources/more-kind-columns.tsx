import type { KubeObject } from '@gatehouse/domain/object/meta';
import { ConditionList } from '../../components/status-badge';
import { RelativeTime } from '../../components/relative-time';
import { describeConditions } from './describe-status';
import { asArr, asObj, asStr, at } from './read-object';
import { NameCell, type Column } from './resource-table';

function Labels({ obj }: { obj: KubeObject }) {
  const labels = Object.entries(obj.metadata.labels ?? {});
  if (labels.length === 0) return <span className="muted">none</span>;
  return <div className="row">{labels.map(([k, v]) => <span key={k} className="pill mono">{k}={v}</span>)}</div>;
}

/** ConfigMap values are plain text, but a list shows only the keys (values can be long). */
export const CONFIG_MAP_COLUMNS: Column[] = [
  { header: 'Config map', cell: (o) => <NameCell obj={o} /> },
  {
    header: 'Keys',
    cell: (o) => {
      const keys = [...Object.keys(asObj(at(o, 'data')) ?? {}), ...Object.keys(asObj(at(o, 'binaryData')) ?? {})].sort();
      return keys.length === 0 ? <span className="muted">no data</span> : <div className="row">{keys.map((k) => <span key={k} className="pill mono">{k}</span>)}</div>;
    },
  },
  { header: 'Labels', cell: (o) => <Labels obj={o} /> },
  { header: 'Created', cell: (o) => <RelativeTime iso={o.metadata.creationTimestamp} /> },
];

const groupKind = (v: unknown) => {
  const g = asStr(asObj(v)?.group);
  return `${asStr(asObj(v)?.kind) ?? '?'}${g ? ` (${g})` : ''}`;
};

/**
 * A ReferenceGrant lets objects in other namespaces (`from`) refer to kinds in its own namespace (`to`).
 * @see https://gateway-api.sigs.k8s.io/api-types/referencegrant/
 */
export const REFERENCE_GRANT_COLUMNS: Column[] = [
  { header: 'Reference grant', cell: (o) => <NameCell obj={o} /> },
  {
    header: 'Allows references from',
    cell: (o) => (
      <div className="stack">
        {asArr(at(o, 'spec', 'from')).map((f, i) => <div key={i}>{groupKind(f)} in namespace <span className="mono">{asStr(asObj(f)?.namespace)}</span></div>)}
      </div>
    ),
  },
  {
    header: 'To',
    cell: (o) => (
      <div className="stack">
        {asArr(at(o, 'spec', 'to')).map((t, i) => {
          const name = asStr(asObj(t)?.name);
          return <div key={i}>{groupKind(t)}{name ? <> named <span className="mono">{name}</span></> : ' (any name)'}</div>;
        })}
      </div>
    ),
  },
  { header: 'Created', cell: (o) => <RelativeTime iso={o.metadata.creationTimestamp} /> },
];

/** Cluster-scoped: which controller implements Gateways of this class, and whether it accepted the class. */
export const GATEWAY_CLASS_COLUMNS: Column[] = [
  { header: 'Gateway class', cell: (o) => <NameCell obj={o} /> },
  { header: 'Controller', cell: (o) => <span className="mono">{asStr(at(o, 'spec', 'controllerName'))}</span> },
  { header: 'Status', cell: (o) => <ConditionList conditions={describeConditions(at(o, 'status', 'conditions'))} /> },
  { header: 'Created', cell: (o) => <RelativeTime iso={o.metadata.creationTimestamp} /> },
];

/**
 * A ListenerSet's parent Gateway, its listeners (port, protocol, hostname) and whether the Gateway took it.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenerset
 */
export const LISTENER_SET_COLUMNS: Column[] = [
  { header: 'Listener set', cell: (o) => <NameCell obj={o} /> },
  {
    header: 'Gateway',
    cell: (o) => {
      const parent = asObj(at(o, 'spec', 'parentRef'));
      return <span className="mono">{asStr(parent?.namespace) ?? o.metadata.namespace}/{asStr(parent?.name) ?? '?'}</span>;
    },
  },
  {
    header: 'Listeners',
    cell: (o) => (
      <div className="stack">
        {asArr(at(o, 'spec', 'listeners')).map((l, i) => {
          const x = asObj(l);
          return <div key={i}><span className="mono">{asStr(x?.name)}</span> {asStr(x?.protocol)} :{String(x?.port ?? '?')}{asStr(x?.hostname) ? <> <span className="mono">{asStr(x?.hostname)}</span></> : null}</div>;
        })}
      </div>
    ),
  },
  { header: 'Status', cell: (o) => <ConditionList conditions={describeConditions(asObj(o.status)?.conditions)} /> },
  { header: 'Created', cell: (o) => <RelativeTime iso={o.metadata.creationTimestamp} /> },
];

/**
 * A TLSRoute sends TLS connections to Services by their SNI, on `protocol: TLS` listeners (Passthrough: the bytes
 * as they come; Terminate: the decrypted stream).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#tlsroute
 */
export const TLS_ROUTE_COLUMNS: Column[] = [
  { header: 'TLS route', cell: (o) => <NameCell obj={o} /> },
  { header: 'Server names (SNI)', cell: (o) => <span className="mono">{asArr(at(o, 'spec', 'hostnames')).map((h) => asStr(h) ?? '').join(', ')}</span> },
  {
    header: 'Gateways',
    cell: (o) => (
      <div className="stack">
        {asArr(at(o, 'spec', 'parentRefs')).map((p, i) => {
          const section = asStr(asObj(p)?.sectionName);
          return <div key={i}><span className="mono">{asStr(asObj(p)?.name)}</span>{section ? <> listener <span className="mono">{section}</span></> : null}</div>;
        })}
      </div>
    ),
  },
  {
    header: 'Backends',
    cell: (o) => (
      <div className="stack">
        {asArr(at(o, 'spec', 'rules')).flatMap((r) => asArr(asObj(r)?.backendRefs)).map((b, i) => {
          const ref = asObj(b);
          return <div key={i} className="mono">{asStr(ref?.name)}:{String(ref?.port ?? '?')}{ref?.weight === undefined ? '' : ` (weight ${String(ref.weight)})`}</div>;
        })}
      </div>
    ),
  },
  { header: 'Created', cell: (o) => <RelativeTime iso={o.metadata.creationTimestamp} /> },
];
