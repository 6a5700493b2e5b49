import { asDict, asDictArray, asNumber, asString, type Dict } from '@gatehouse/compiler/input/read-field';
import type { KubeObject } from '@gatehouse/domain/object/meta';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const FLOMESH_GROUP = 'gateway.flomesh.io';
/** The label that ties an EndpointSlice to its Service. @see https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#ownership */
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface ObjectKey {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/** Why one object names another. */
export type RefRole =
  | 'gateway-class' // Gateway spec.gatewayClassName
  | 'listener-certificate' // Gateway and ListenerSet listeners[].tls.certificateRefs
  | 'listener-set-parent' // ListenerSet spec.parentRef (the Gateway it adds listeners to)
  | 'client-certificate' // Gateway spec.tls.backend.clientCertificateRef
  | 'parent' // HTTPRoute and TLSRoute parentRefs
  | 'backend' // HTTPRoute and TLSRoute rules[].backendRefs
  | 'mirror' // HTTPRoute RequestMirror filter backendRef
  | 'policy-target' // UpstreamTLSPolicy targetRef, BackendTLSPolicy targetRefs
  | 'ca-certificate' // UpstreamTLSPolicy certificateRef, BackendTLSPolicy caCertificateRefs
  | 'endpoints-of'; // EndpointSlice label kubernetes.io/service-name

/** One reference from an object, with the defaults of the referring API applied. */
export interface OutRef {
  from: ObjectKey;
  to: ObjectKey;
  role: RefRole;
  /** Listener of the referring Gateway (listener-certificate). */
  listener?: string;
  /** Port the reference is about: a parentRef's or backendRef's port, the policy port a CA is for. */
  port?: number;
  /** parentRef sectionName (listener) or BackendTLSPolicy target sectionName (Service port name). */
  sectionName?: string;
  /** Service ports an UpstreamTLSPolicy covers (policy-target). */
  ports?: number[];
}

export function groupOfApiVersion(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function keyOfObject(obj: KubeObject): ObjectKey {
  return { group: groupOfApiVersion(obj.apiVersion), kind: obj.kind, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name };
}

export function sameKey(a: ObjectKey, b: ObjectKey): boolean {
  return a.group === b.group && a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
}

export function keyString(k: ObjectKey): string {
  return `${k.group}/${k.kind}/${k.namespace}/${k.name}`;
}

/** A SecretObjectReference / BackendObjectReference with its CRD defaults (group '', given kind, referrer's namespace). */
function coreRef(ref: Dict, defaultKind: string, defaultNamespace: string): ObjectKey | undefined {
  const name = asString(ref.name);
  if (name === undefined || name === '') return undefined;
  return { group: asString(ref.group) ?? '', kind: asString(ref.kind) ?? defaultKind, namespace: asString(ref.namespace) ?? defaultNamespace, name };
}

function gatewayRefs(obj: KubeObject, from: ObjectKey): OutRef[] {
  const spec = asDict(obj.spec);
  const out: OutRef[] = [];
  const className = asString(spec?.gatewayClassName);
  if (className) out.push({ from, to: { group: GATEWAY_GROUP, kind: 'GatewayClass', namespace: '', name: className }, role: 'gateway-class' });
  for (const l of asDictArray(spec?.listeners)) {
    const listener = asString(l.name) ?? '';
    for (const r of asDictArray(asDict(l.tls)?.certificateRefs)) {
      const to = coreRef(r, 'Secret', from.namespace);
      if (to) out.push({ from, to, role: 'listener-certificate', listener });
    }
  }
  const client = asDict(asDict(asDict(spec?.tls)?.backend)?.clientCertificateRef);
  const clientRef = client ? coreRef(client, 'Secret', from.namespace) : undefined;
  if (clientRef) out.push({ from, to: clientRef, role: 'client-certificate' });
  return out;
}

/** ListenerSet (GEP-1713): the Gateway it joins, and its listeners' certificates (read as the ListenerSet). */
function listenerSetRefs(obj: KubeObject, from: ObjectKey): OutRef[] {
  const spec = asDict(obj.spec);
  const out: OutRef[] = [];
  const parent = asDict(spec?.parentRef);
  const name = asString(parent?.name);
  // ParentGatewayReference defaults: group gateway.networking.k8s.io, kind Gateway, the ListenerSet's namespace.
  if (parent && name) out.push({ from, to: { group: asString(parent.group) ?? GATEWAY_GROUP, kind: asString(parent.kind) ?? 'Gateway', namespace: asString(parent.namespace) ?? from.namespace, name }, role: 'listener-set-parent' });
  for (const l of asDictArray(spec?.listeners)) {
    const listener = asString(l.name) ?? '';
    for (const r of asDictArray(asDict(l.tls)?.certificateRefs)) {
      const to = coreRef(r, 'Secret', from.namespace);
      if (to) out.push({ from, to, role: 'listener-certificate', listener });
    }
  }
  return out;
}

function httpRouteRefs(obj: KubeObject, from: ObjectKey): OutRef[] {
  const spec = asDict(obj.spec);
  const out: OutRef[] = [];
  for (const p of asDictArray(spec?.parentRefs)) {
    const name = asString(p.name);
    if (!name) continue;
    const port = asNumber(p.port);
    const sectionName = asString(p.sectionName);
    // ParentReference defaults: group gateway.networking.k8s.io, kind Gateway, the route's namespace.
    out.push({
      from,
      to: { group: asString(p.group) ?? GATEWAY_GROUP, kind: asString(p.kind) ?? 'Gateway', namespace: asString(p.namespace) ?? from.namespace, name },
      role: 'parent',
      ...(port !== undefined ? { port } : {}),
      ...(sectionName !== undefined ? { sectionName } : {}),
    });
  }
  for (const rule of asDictArray(spec?.rules)) {
    for (const b of asDictArray(rule.backendRefs)) {
      const to = coreRef(b, 'Service', from.namespace);
      const port = asNumber(b.port);
      if (to) out.push({ from, to, role: 'backend', ...(port !== undefined ? { port } : {}) });
      for (const f of asDictArray(b.filters)) out.push(...mirrorRefs(f, from));
    }
    for (const f of asDictArray(rule.filters)) out.push(...mirrorRefs(f, from));
  }
  return out;
}

function mirrorRefs(filter: Dict, from: ObjectKey): OutRef[] {
  const ref = asDict(asDict(filter.requestMirror)?.backendRef);
  const to = ref ? coreRef(ref, 'Service', from.namespace) : undefined;
  const port = ref ? asNumber(ref.port) : undefined;
  return to ? [{ from, to, role: 'mirror', ...(port !== undefined ? { port } : {}) }] : [];
}

function upstreamPolicyRefs(obj: KubeObject, from: ObjectKey): OutRef[] {
  const spec = asDict(obj.spec);
  const out: OutRef[] = [];
  const target = asDict(spec?.targetRef);
  const ports = asDictArray(spec?.ports).map((p) => asNumber(p.port)).filter((p): p is number => p !== undefined);
  if (target && asString(target.name)) {
    out.push({
      from,
      to: { group: asString(target.group) ?? '', kind: asString(target.kind) ?? 'Service', namespace: asString(target.namespace) ?? from.namespace, name: asString(target.name) ?? '' },
      role: 'policy-target',
      ports,
    });
  }
  const fallback = asDict(asDict(spec?.config)?.certificateRef);
  for (const p of asDictArray(spec?.ports)) {
    // A port's own config wins over spec.config (FSM upstreamtls/utils.go).
    const ref = asDict(asDict(p.config)?.certificateRef) ?? fallback;
    const to = ref ? coreRef(ref, 'Secret', from.namespace) : undefined;
    const port = asNumber(p.port);
    if (to) out.push({ from, to, role: 'ca-certificate', ...(port !== undefined ? { port } : {}) });
  }
  return out;
}

function backendPolicyRefs(obj: KubeObject, from: ObjectKey): OutRef[] {
  const spec = asDict(obj.spec);
  const out: OutRef[] = [];
  for (const t of asDictArray(spec?.targetRefs)) {
    const name = asString(t.name);
    if (!name) continue;
    const sectionName = asString(t.sectionName);
    // LocalPolicyTargetReference: always the policy's namespace.
    out.push({ from, to: { group: asString(t.group) ?? '', kind: asString(t.kind) ?? 'Service', namespace: from.namespace, name }, role: 'policy-target', ...(sectionName !== undefined ? { sectionName } : {}) });
  }
  for (const r of asDictArray(asDict(spec?.validation)?.caCertificateRefs)) {
    const name = asString(r.name);
    if (name) out.push({ from, to: { group: asString(r.group) ?? '', kind: asString(r.kind) ?? 'ConfigMap', namespace: from.namespace, name }, role: 'ca-certificate' });
  }
  return out;
}

/**
 * Every reference an object makes, with the referring API's defaults applied (a reference without a namespace
 * names the referrer's own). Objects that refer to nothing (Service, Secret, ConfigMap, …) give [].
 */
export function referencesOf(obj: KubeObject): OutRef[] {
  const from = keyOfObject(obj);
  if (from.group === GATEWAY_GROUP && obj.kind === 'Gateway') return gatewayRefs(obj, from);
  // A TLSRoute's parentRefs and rules[].backendRefs have HTTPRoute's shape (without filters).
  if (from.group === GATEWAY_GROUP && (obj.kind === 'HTTPRoute' || obj.kind === 'TLSRoute')) return httpRouteRefs(obj, from);
  if (from.group === GATEWAY_GROUP && obj.kind === 'ListenerSet') return listenerSetRefs(obj, from);
  if (from.group === GATEWAY_GROUP && obj.kind === 'BackendTLSPolicy') return backendPolicyRefs(obj, from);
  if (from.group === FLOMESH_GROUP && obj.kind === 'UpstreamTLSPolicy') return upstreamPolicyRefs(obj, from);
  if (from.group === 'discovery.k8s.io' && obj.kind === 'EndpointSlice') {
    const service = obj.metadata.labels?.[SERVICE_NAME_LABEL];
    return service ? [{ from, to: { group: '', kind: 'Service', namespace: from.namespace, name: service }, role: 'endpoints-of' }] : [];
  }
  return [];
}
