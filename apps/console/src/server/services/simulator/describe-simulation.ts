import type { MatchResult } from '@gatehouse/compiler/match/match-request';
import { describeEntry } from '@gatehouse/compiler/match/explain-match';
import type { BackendTarget, RoutingTable, UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { SimulateRequest } from '@gatehouse/domain/simulator/simulate-request.schema';
import { briefsFromPem, type CertificateBrief } from '../probe/certificate-brief';
import { ruleFilters, type FilterView } from './describe-filters';
import { describeFilterEffect, type FilterEffect } from './filter-effect';
import type { DraftChange } from './overlay-draft';

export type Tone = 'ok' | 'bad' | 'pending' | 'neutral';

export interface ListenerOption {
  gateway: string;
  listener: string;
  port: number;
  protocol: string;
  hostname: string | null;
  programmed: boolean;
  reason: string | null;
}

export interface UpstreamTlsView {
  policy: { kind: string; namespace: string; name: string };
  /** `httpbin/https-cert`, or `System` for the runtime's trust store. */
  caSource: string;
  /** The CA certificates the gateway trusts for this backend, decoded. */
  ca: CertificateBrief[];
  sni: string | null;
  /** What is checked, in words ("the chain only, no name check (as FSM)"). */
  verify: string;
  mutualTls: boolean;
}

export interface BackendView {
  kind: 'service' | 'invalid';
  /** `httpbin/httpbin:8443`. */
  ref: string;
  service: { namespace: string; name: string } | null;
  port: number | null;
  weight: number;
  /** Share of requests in percent (of the rule's total weight). */
  share: number;
  endpoints: string[];
  /** Why a request sent here fails (no endpoints, invalid reference); null when it can be forwarded. */
  problem: string | null;
  tls: UpstreamTlsView | null;
  /** Set when the backend gets plain HTTP but its port looks like TLS (443/8443, name or appProtocol https). */
  plainHttpWarning: string | null;
}

export interface SimulationResult {
  revision: number;
  draft: DraftChange[] | null;
  request: { method: string; host: string; path: string; port: number; query: string; headers: number };
  outcome: MatchResult['outcome'];
  verdict: { tone: Tone; title: string; text: string };
  listener: (ListenerOption & { gatewayNamespace: string; gatewayName: string }) | null;
  route: { namespace: string; name: string; ruleIndex: number; ruleName: string | null; matchIndex: number; match: string; hostname: string | null } | null;
  /** The precedence steps as the matcher took them, one sentence each. */
  steps: string[];
  filters: FilterView[];
  /** What the filters, timeouts and retries do to this request, computed by the worker's own planFilters. */
  effect: FilterEffect;
  backends: BackendView[];
}

const keyOf = (ns: string, name: string) => `${ns}/${name}`;

/** Every listener of every served Gateway, for the port picker and the explanation. */
export function listenerOptions(table: RoutingTable): ListenerOption[] {
  return table.listeners.map((l) => ({ gateway: l.gateway, listener: l.listener, port: l.port, protocol: l.protocol, hostname: l.hostname, programmed: l.programmed, reason: l.reason }));
}

/** Host names routes serve, per listener port (suggestions for the Host field). */
export function hostSuggestions(table: RoutingTable): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [port, p] of Object.entries(table.ports)) {
    const names = new Set<string>();
    const listeners = [...Object.values(p.exactHosts), ...p.wildcardHosts, ...(p.anyHost ? [p.anyHost] : [])];
    for (const l of listeners) {
      for (const h of Object.keys(l.exactHosts)) names.add(h);
      for (const w of l.wildcardHosts) names.add(w.hostname);
      if (l.hostname !== null) names.add(l.hostname);
    }
    out[port] = [...names].sort();
  }
  return out;
}

function describeVerify(tls: UpstreamTls): string {
  if (!tls.verifyHostname) return 'the chain only, no name check (FSM UpstreamTLSPolicy behaviour)';
  if (tls.subjectAltNames.length > 0) return `the chain and one of the names ${tls.subjectAltNames.map((s) => s.value).join(', ')}`;
  return `the chain and the name ${tls.sni ?? ''}`;
}

function tlsView(tls: UpstreamTls, now: Date): UpstreamTlsView {
  return {
    policy: { kind: tls.policy.kind, namespace: tls.policy.namespace, name: tls.policy.name },
    caSource: tls.caSource,
    ca: tls.caPem === null ? [] : briefsFromPem(tls.caPem, now),
    sni: tls.sni,
    verify: describeVerify(tls),
    mutualTls: tls.clientCertPem !== null,
  };
}

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

/** A Service port that probably expects TLS: an https/tls name or appProtocol, or 443/8443 on either side. */
function looksLikeTls(service: KubeObject | undefined, port: number): boolean {
  const ports = asObj(service?.spec)?.ports;
  const p = Array.isArray(ports) ? ports.map(asObj).find((x) => x?.port === port) : undefined;
  const words = `${String(p?.name ?? '')} ${String(p?.appProtocol ?? '')}`.toLowerCase();
  return /https|tls|wss/.test(words) || [443, 8443].includes(port) || [443, 8443].includes(Number(p?.targetPort));
}

function backendView(b: BackendTarget, totalWeight: number, objects: Map<string, KubeObject>, now: Date): BackendView {
  const share = totalWeight > 0 ? Math.round((100 * Math.max(b.weight, 0)) / totalWeight) : 0;
  if (b.kind === 'invalid') {
    return { kind: 'invalid', ref: b.ref, service: null, port: null, weight: b.weight, share, endpoints: [], problem: `answers 500: ${b.reason}`, tls: null, plainHttpWarning: null };
  }
  const ref = `${keyOf(b.service.namespace, b.service.name)}:${b.port}`;
  const svc = objects.get(`Service/${keyOf(b.service.namespace, b.service.name)}`);
  const warn = b.tls === null && b.tlsProblem !== null
    ? `The gateway speaks plain HTTP to ${ref} because ${b.tlsProblem}. Fix that, and it speaks HTTPS.`
    : b.tls === null && looksLikeTls(svc, b.port)
    ? `No TLS policy covers ${ref}, so the gateway speaks plain HTTP to it. If the upstream expects HTTPS, the request fails (the seed's "Empty reply from server"): attach an UpstreamTLSPolicy with its CA.`
    : null;
  return {
    kind: 'service',
    ref,
    service: b.service,
    port: b.port,
    weight: b.weight,
    share,
    endpoints: b.endpoints.map((e) => `${e.address}:${e.port}`),
    problem: b.endpoints.length === 0 ? `no ready endpoints, answers 503 (${b.noEndpointsReason ?? 'none'})` : null,
    tls: b.tls === null ? null : tlsView(b.tls, now),
    plainHttpWarning: warn,
  };
}

function verdictOf(m: MatchResult, backends: BackendView[], effect: FilterEffect): SimulationResult['verdict'] {
  if (effect.redirect !== null) return { tone: 'ok', title: `${effect.redirect.status} redirect from the gateway`, text: `Location: ${effect.redirect.location}` };
  if (effect.kind === 'preflight') return { tone: 'ok', title: 'CORS preflight answered by the gateway', text: effect.steps.at(-1)?.replace(/^→ /, '') ?? '' };
  if (m.outcome === 'not_found') {
    return { tone: 'bad', title: '404 Not Found', text: m.explanation.at(-1) ?? 'no listener or route matches this request' };
  }
  if (m.outcome === 'misdirected') {
    return { tone: 'bad', title: '421 Misdirected Request', text: m.explanation.at(-1) ?? 'the Host selects another listener than the TLS server name' };
  }
  if (m.outcome === 'fixed_response' && m.fixedResponse !== null) {
    return { tone: 'bad', title: `${m.fixedResponse.status} from the gateway`, text: m.fixedResponse.reason };
  }
  const live = backends.filter((b) => b.weight > 0);
  const usable = live.filter((b) => b.problem === null);
  if (usable.length === 0) return { tone: 'bad', title: 'The request cannot be forwarded', text: live.map((b) => `${b.ref}: ${b.problem ?? ''}`).join('; ') };
  const first = usable[0] as BackendView;
  const how = first.tls === null ? 'plain HTTP' : `HTTPS, trusting CA ${first.tls.caSource} (${first.tls.policy.kind} ${first.tls.policy.name})`;
  const text = `${usable.length === 1 ? `Service ${first.ref}` : `${usable.length} backends`} over ${how}${usable.length < live.length ? `; ${live.length - usable.length} other backend(s) fail` : ''}.`;
  const doubtful = usable.find((b) => b.plainHttpWarning !== null);
  if (doubtful) return { tone: 'pending', title: 'Forwarded, but probably failing upstream', text: `${text} Port ${doubtful.ref} looks like a TLS port and no TLS policy covers it (see the backend below).` };
  return { tone: usable.length < live.length ? 'pending' : 'ok', title: 'Forwarded', text };
}

/**
 * The simulator's answer in words, from the matcher's result (the same code and the same table the worker
 * uses) and the objects it was compiled from (for filters, which the table does not keep).
 */
export function describeSimulation(args: {
  request: SimulateRequest;
  revision: number;
  draft: DraftChange[] | null;
  table: RoutingTable;
  objects: readonly KubeObject[];
  match: MatchResult;
  now: Date;
}): SimulationResult {
  const { request, table, match, now } = args;
  const objects = new Map(args.objects.map((o) => [`${o.kind}/${keyOf(o.metadata.namespace ?? '', o.metadata.name)}`, o]));
  const l = match.listener;
  // A ListenerSet's listener may share its name with one of the Gateway's own: compare the ListenerSet too.
  const setOf = (t: typeof l) => (t?.listenerSet === undefined ? undefined : keyOf(t.listenerSet.namespace, t.listenerSet.name));
  const summary = l === null ? undefined : table.listeners.find((s) => s.gateway === keyOf(l.gateway.namespace, l.gateway.name) && s.listenerSet === setOf(l) && s.listener === l.listener);
  const totalWeight = match.rule?.totalWeight ?? 0;
  const backends = match.backends.map((b) => backendView(b, totalWeight, objects, now));
  const query = request.query.map((q) => `${encodeURIComponent(q.name)}=${encodeURIComponent(q.value)}`).join('&');
  const headers: Record<string, string> = {};
  for (const h of request.headers) headers[h.name.toLowerCase()] = h.value;
  const target = query === '' ? request.path : `${request.path.split('?')[0] ?? ''}?${query}`;
  const effect = describeFilterEffect(match, { method: request.method, host: request.host, path: target, port: request.port, headers });
  return {
    revision: args.revision,
    draft: args.draft,
    request: { method: request.method, host: request.host, path: request.path, port: request.port, query, headers: request.headers.length },
    outcome: match.outcome,
    verdict: verdictOf(match, backends, effect),
    listener: l === null
      ? null
      : {
          gateway: keyOf(l.gateway.namespace, l.gateway.name),
          gatewayNamespace: l.gateway.namespace,
          gatewayName: l.gateway.name,
          listener: l.listener,
          port: l.port,
          protocol: summary?.protocol ?? 'HTTP',
          hostname: l.hostname,
          programmed: summary?.programmed ?? true,
          reason: summary?.reason ?? null,
        },
    route: match.entry === null || match.route === null
      ? null
      : {
          namespace: match.route.namespace,
          name: match.route.name,
          ruleIndex: match.ruleIndex,
          ruleName: match.rule?.ruleName ?? null,
          matchIndex: match.matchIndex,
          match: describeEntry(match.entry),
          hostname: match.entry.routeHostname,
        },
    steps: [...match.explanation],
    filters: match.route === null ? [] : ruleFilters(objects.get(`HTTPRoute/${keyOf(match.route.namespace, match.route.name)}`), match.ruleIndex),
    effect,
    backends,
  };
}
