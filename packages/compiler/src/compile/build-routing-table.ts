import { type EffectiveHostname, hostnameMatches, hostnameRank, isWildcard, wildcardSuffix } from '../hostname/hostname-match';
import type { HttpRouteView } from '../input/http-route-input';
import { compareMatchEntries } from '../match/precedence';
import type { BackendClientCertificate, ListenerSummary, ListenerTable, MatchEntry, PortProtocol, PortTable, RuleTarget, WildcardHostEntries } from '../routing-table/routing-table';
import { keyOf } from '../input/object-meta';
import type { ListenerState, ServedGateway } from './gateway-listeners';
import type { MatchSpec } from './route-matches';
import { buildTlsRouteTable } from './tls-route-table';
import type { AttachedTlsRoute } from './tls-routes';

/** A route attached to a listener, with its compiled matches and rule targets. */
export interface AttachedRoute {
  route: HttpRouteView;
  /** Effective hostnames on the listener; [] = any host. */
  hostnames: EffectiveHostname[];
  specs: MatchSpec[];
  rules: RuleTarget[];
}

function entriesFor(a: AttachedRoute, hostname: string | null): MatchEntry[] {
  const out: MatchEntry[] = [];
  const hostRank = hostnameRank(hostname);
  for (const s of a.specs) {
    const rule = a.rules[s.ruleIndex];
    if (rule === undefined) continue;
    out.push({
      route: { namespace: a.route.meta.namespace, name: a.route.meta.name },
      routeHostname: hostname,
      hostRank,
      ruleIndex: s.ruleIndex,
      matchIndex: s.matchIndex,
      pathType: s.pathType,
      pathValue: s.pathValue,
      pathPrefix: s.pathPrefix,
      method: s.method,
      headers: s.headers,
      queryParams: s.queryParams,
      routeCreatedAt: a.route.meta.createdAt,
      rule,
    });
  }
  return out;
}

/**
 * Merges the entries that apply to one request-host class into precedence order. A match reachable
 * through several route hostnames is kept once, with its most specific hostname.
 */
function mergeGroups(groups: MatchEntry[][]): MatchEntry[] {
  const seen = new Set<string>();
  const out: MatchEntry[] = [];
  for (const e of groups.flat().sort(compareMatchEntries)) {
    const id = `${e.route.namespace}/${e.route.name}/${e.ruleIndex}/${e.matchIndex}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(e);
  }
  return out;
}

/**
 * Precomputes, per request-host class, the full candidate list in precedence order. Across routes the
 * one whose own matching hostname has the most non-wildcard characters comes first, then the longest
 * matching hostname, then match precedence.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec (hostnames: precedence)
 */
function buildListenerTable(state: ListenerState, attached: AttachedRoute[], clientCertificate: BackendClientCertificate | null, attachedTls: readonly AttachedTlsRoute[]): ListenerTable {
  const byHost = new Map<string, MatchEntry[]>();
  const anyHost: MatchEntry[] = [];
  for (const a of attached) {
    if (a.hostnames.length === 0) anyHost.push(...entriesFor(a, null));
    for (const h of a.hostnames) {
      const list = byHost.get(h.hostname) ?? [];
      list.push(...entriesFor(a, h.routeHostname));
      byHost.set(h.hostname, list);
    }
  }
  const wildcards = [...byHost.keys()].filter(isWildcard).sort((x, y) => y.length - x.length || (x < y ? -1 : 1));
  const exactHosts: Record<string, readonly MatchEntry[]> = {};
  for (const [host, entries] of byHost) {
    if (isWildcard(host)) continue;
    const covering = wildcards.filter((w) => hostnameMatches(w, host)).map((w) => byHost.get(w) ?? []);
    exactHosts[host] = mergeGroups([entries, ...covering, anyHost]);
  }
  const wildcardHosts: WildcardHostEntries[] = wildcards.map((w) => {
    const broader = wildcards.filter((o) => o !== w && hostnameMatches(o, w.slice(2))).map((o) => byHost.get(o) ?? []);
    return { hostname: w, suffix: wildcardSuffix(w), entries: mergeGroups([byHost.get(w) ?? [], ...broader, anyHost]) };
  });
  const hostname = state.listener.hostname ?? null;
  const ls = state.listenerSet;
  return {
    gateway: { namespace: state.gateway.meta.namespace, name: state.gateway.meta.name },
    ...(ls === null ? {} : { listenerSet: { namespace: ls.meta.namespace, name: ls.meta.name } }),
    listener: state.listener.name,
    port: state.listener.port,
    hostname,
    wildcardSuffix: hostname !== null && isWildcard(hostname) ? wildcardSuffix(hostname) : null,
    tls: state.tls,
    exactHosts,
    wildcardHosts,
    anyHost: mergeGroups([anyHost]),
    backendClientCertificate: clientCertificate,
    tlsRoutes: state.tlsMode === null ? null : buildTlsRouteTable(state.tlsMode, attachedTls),
  };
}

/** @param clientCertificates Gateway `ns/name` → its spec.tls.backend client certificate, when usable. */
export function buildPortTables(
  served: ServedGateway[],
  attachedByListener: ReadonlyMap<ListenerState, AttachedRoute[]>,
  clientCertificates: ReadonlyMap<string, BackendClientCertificate> = new Map(),
  tlsAttachedByListener: ReadonlyMap<ListenerState, AttachedTlsRoute[]> = new Map(),
): Record<string, PortTable> {
  const byPort = new Map<number, ListenerTable[]>();
  const protocols = new Map<number, PortProtocol>();
  for (const gw of served) {
    // The Gateway's own listeners, then its ListenerSets' (only allowed ones have listeners), in merge precedence.
    for (const state of [...gw.listeners, ...gw.listenerSets.flatMap((ls) => ls.listeners)]) {
      if (!state.programmed) continue;
      // Programmed listeners on one port share one protocol (a different one was a ProtocolConflict), but for HTTPS
      // beside TLS Passthrough.
      // A port with a TLS listener is a TLS port even when HTTPS listeners share it (compatibleOnOnePort): the TLS
      // port server reads the SNI first and hands HTTPS connections on.
      if (protocols.get(state.listener.port) !== 'TLS') protocols.set(state.listener.port, state.tlsMode !== null ? 'TLS' : state.listener.protocol === 'HTTPS' ? 'HTTPS' : 'HTTP');
      const table = buildListenerTable(state, attachedByListener.get(state) ?? [], clientCertificates.get(gw.key) ?? null, tlsAttachedByListener.get(state) ?? []);
      const list = byPort.get(table.port) ?? [];
      list.push(table);
      byPort.set(table.port, list);
    }
  }
  const ports: Record<string, PortTable> = {};
  for (const port of [...byPort.keys()].sort((a, b) => a - b)) {
    const listeners = byPort.get(port) ?? [];
    const exactHosts: Record<string, ListenerTable> = {};
    const wildcardHosts: ListenerTable[] = [];
    let anyHost: ListenerTable | null = null;
    for (const l of listeners) {
      if (l.hostname === null) anyHost ??= l;
      else if (l.wildcardSuffix !== null) wildcardHosts.push(l);
      else exactHosts[l.hostname] ??= l;
    }
    // More labels first: "exact > wildcard with more labels > shorter wildcard > no hostname".
    wildcardHosts.sort((a, b) => (b.wildcardSuffix ?? '').length - (a.wildcardSuffix ?? '').length);
    ports[String(port)] = { port, protocol: protocols.get(port) ?? 'HTTP', exactHosts, wildcardHosts, anyHost };
  }
  return ports;
}

export function summarizeListeners(served: ServedGateway[]): ListenerSummary[] {
  const out: ListenerSummary[] = [];
  for (const gw of served) {
    for (const s of [...gw.listeners, ...gw.listenerSets.flatMap((ls) => ls.listeners)]) {
      out.push({
        gateway: gw.key,
        ...(s.listenerSet === null ? {} : { listenerSet: keyOf(s.listenerSet.meta.namespace, s.listenerSet.meta.name) }),
        listener: s.listener.name,
        port: s.listener.port,
        protocol: s.listener.protocol,
        hostname: s.listener.hostname ?? null,
        programmed: s.programmed,
        reason: s.programmed ? null : (s.conflict?.message ?? s.notAccepted?.message ?? s.notProgrammable ?? 'not programmed'),
      });
    }
  }
  return out;
}
