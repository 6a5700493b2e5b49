import { GATEWAY_GROUP } from '../input/gateway-input';
import type { ParentRefView } from '../input/http-route-input';
import type { MetaView } from '../input/object-meta';
import { keyOf } from '../input/object-meta';
import { labelsOfNamespace, type SnapshotIndex } from '../input/snapshot-index';
import { type EffectiveHostname, intersectHostnames } from '../hostname/hostname-match';
import type { ListenerState, ServedGateway } from './gateway-listeners';
import { matchesLabelSelector } from './label-selector';

export interface ListenerAttachment {
  state: ListenerState;
  /** Effective hostnames on this listener; [] = any host. */
  hostnames: EffectiveHostname[];
}

export interface ParentAttachment {
  parentRef: ParentRefView;
  gatewayKey: string;
  accepted: { ok: boolean; reason: string; message: string };
  attachments: ListenerAttachment[];
}

function allowsNamespace(state: ListenerState, ix: SnapshotIndex, routeNamespace: string): boolean {
  // "Same" is the namespace of the listener's owner: a ListenerSet's own namespace for its listeners (GEP-1713).
  const ownerNs = (state.listenerSet ?? state.gateway).meta.namespace;
  switch (state.listener.from) {
    case 'All':
      return true;
    case 'Same':
      return routeNamespace === ownerNs;
    case 'Selector':
      return state.listener.selector !== undefined && matchesLabelSelector(state.listener.selector, labelsOfNamespace(ix, routeNamespace));
    default:
      return false;
  }
}

/** The route kinds that attach to listeners (each listener protocol accepts its own, `SUPPORTED_PROTOCOLS`). */
export type RouteKind = 'HTTPRoute' | 'TLSRoute';

/** What attachment reads of a route, whatever its kind. */
export interface AttachableRoute {
  meta: MetaView;
  hostnames: string[];
}

function allowsKind(s: ListenerState, routeKind: RouteKind): boolean {
  return s.supportedKinds.some((k) => k.group === GATEWAY_GROUP && k.kind === routeKind);
}

function whyNotAllowed(s: ListenerState, ix: SnapshotIndex, routeNamespace: string, routeKind: RouteKind): string {
  const name = `listener ${s.listener.name}`;
  if (!s.programmed) return `${name} is not programmed (${s.conflict?.message ?? s.notAccepted?.message ?? 'invalid'})`;
  if (!allowsKind(s, routeKind)) return `${name} (protocol ${s.listener.protocol}) does not allow kind ${routeKind}`;
  if (!allowsNamespace(s, ix, routeNamespace)) return `${name} does not allow routes from namespace "${routeNamespace}" (allowedRoutes.namespaces.from: ${s.listener.from})`;
  return `${name} allows this route`;
}

/** The listeners a parentRef can select, or why there are none; null when the parent is not ours. */
interface ParentListeners {
  gatewayKey: string;
  /** `Gateway ns/name` or `ListenerSet ns/name`, for messages. */
  label: string;
  listeners: ListenerState[];
}

function resolveParent(
  ix: SnapshotIndex,
  served: ReadonlyMap<string, ServedGateway>,
  parentRef: ParentRefView,
): ParentListeners | { notFound: string } | null {
  const key = keyOf(parentRef.namespace, parentRef.name);
  if (parentRef.kind === 'Gateway') {
    const gw = served.get(key);
    if (gw !== undefined) return { gatewayKey: key, label: `Gateway ${key}`, listeners: gw.listeners };
    if (ix.gateways.some((g) => keyOf(g.meta.namespace, g.meta.name) === key)) return null; // another controller's Gateway
    return { notFound: `Gateway ${key} not found` };
  }
  // parentRef kind ListenerSet: only that ListenerSet's listeners, never the Gateway's own (GEP-1713).
  for (const gw of served.values()) {
    const ls = gw.listenerSets.find((s) => s.key === key);
    if (ls !== undefined && !ls.allowed.ok) return { notFound: `ListenerSet ${key} is not attached: ${ls.allowed.message}` };
    if (ls !== undefined) return { gatewayKey: gw.key, label: `ListenerSet ${key}`, listeners: ls.listeners };
  }
  const ls = ix.listenerSets.find((s) => keyOf(s.meta.namespace, s.meta.name) === key);
  if (ls !== undefined) {
    const parentKey = keyOf(ls.parentRef.namespace, ls.parentRef.name);
    if (ix.gateways.some((g) => keyOf(g.meta.namespace, g.meta.name) === parentKey)) return null; // attached to another controller's Gateway
    return { notFound: `ListenerSet ${key} is not attached to a Gateway` };
  }
  return { notFound: `ListenerSet ${key} not found` };
}

/**
 * Attaches one parentRef of an HTTPRoute or a TLSRoute: to a Gateway's own listeners (`kind: Gateway`), or to a ListenerSet's
 * listeners (`kind: ListenerSet`, GEP-1713); a Gateway parentRef never reaches ListenerSet listeners, so a sectionName
 * naming one is NoMatchingParent. Returns null when the parent is not ours (another kind, or a Gateway of another
 * controller): we write no status for it.
 * Order of checks and reasons follow the spec: NoMatchingParent (sectionName/port match no listener),
 * NotAllowedByListeners (allowedRoutes namespaces/kinds), NoMatchingListenerHostname.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#routeconditionreason
 */
export function attachParentRef(
  ix: SnapshotIndex,
  served: ReadonlyMap<string, ServedGateway>,
  route: AttachableRoute,
  parentRef: ParentRefView,
  routeKind: RouteKind = 'HTTPRoute',
): ParentAttachment | null {
  if (parentRef.group !== GATEWAY_GROUP || (parentRef.kind !== 'Gateway' && parentRef.kind !== 'ListenerSet')) return null;
  const parent = resolveParent(ix, served, parentRef);
  if (parent === null) return null;
  if ('notFound' in parent) {
    return { parentRef, gatewayKey: keyOf(parentRef.namespace, parentRef.name), attachments: [], accepted: { ok: false, reason: 'NoMatchingParent', message: parent.notFound } };
  }
  const { gatewayKey, label } = parent;
  const base = { parentRef, gatewayKey, attachments: [] as ListenerAttachment[] };
  const candidates = parent.listeners.filter(
    (s) => (parentRef.sectionName === undefined || s.listener.name === parentRef.sectionName) && (parentRef.port === undefined || s.listener.port === parentRef.port),
  );
  if (candidates.length === 0) {
    const wanted = [parentRef.sectionName === undefined ? '' : `named "${parentRef.sectionName}"`, parentRef.port === undefined ? '' : `on port ${parentRef.port}`].filter((x) => x !== '').join(' ');
    return { ...base, accepted: { ok: false, reason: 'NoMatchingParent', message: `${label} has no listener ${wanted}` } };
  }
  const allowed = candidates.filter(
    (s) => s.programmed && allowsKind(s, routeKind) && allowsNamespace(s, ix, route.meta.namespace),
  );
  if (allowed.length === 0) {
    return { ...base, accepted: { ok: false, reason: 'NotAllowedByListeners', message: candidates.map((s) => whyNotAllowed(s, ix, route.meta.namespace, routeKind)).join('; ') } };
  }
  const attachments: ListenerAttachment[] = [];
  for (const state of allowed) {
    const hostnames = intersectHostnames(state.listener.hostname, route.hostnames);
    if (hostnames !== null) attachments.push({ state, hostnames });
  }
  if (attachments.length === 0) {
    return {
      ...base,
      accepted: {
        ok: false,
        reason: 'NoMatchingListenerHostname',
        message: `route hostnames ${route.hostnames.join(', ')} do not intersect listener hostnames ${allowed.map((s) => s.listener.hostname ?? '(any)').join(', ')}`,
      },
    };
  }
  return {
    ...base,
    attachments,
    accepted: { ok: true, reason: 'Accepted', message: `attached to listener(s) ${attachments.map((a) => a.state.listener.name).join(', ')} of ${label}` },
  };
}
