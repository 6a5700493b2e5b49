import type { TLSSocket } from 'node:tls';
import { type FilterPlan, planFilters } from '@gatehouse/compiler/filters/plan-filters';
import { normalizeRequestHost } from '@gatehouse/compiler/hostname/hostname-match';
import { matchRequest } from '@gatehouse/compiler/match/match-request';
import type { BackendClientCertificate, BackendTarget, ListenerTable, MatchEntry, RoutingTable, RuleTarget, ServiceBackend, UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import type { BackendPicker } from './backend-picker';
import { withGatewayClientCertificate } from './gateway-client-certificate';
import type { ProxyRequest } from './request-handler';

/** Where a request went, as far as it got (metrics and access logs): the listener, the rule and the backend. */
export interface Placement {
  listener?: ListenerTable | null;
  rule?: RuleTarget | null;
  backend?: BackendTarget | null;
}

/** What to do with one request: answer it at the gateway, or forward it to a backend as the filters say. */
export type Resolution =
  | ({ kind: 'error'; status: number; code: string; reason: string } & Placement)
  | ({ kind: 'redirect'; status: number; location: string } & Placement)
  | ({ kind: 'preflight'; status: number; headers: string[] } & Placement)
  | {
      kind: 'forward';
      listener: ListenerTable | null;
      rule: RuleTarget;
      backend: ServiceBackend;
      /** The backend's TLS with the Gateway's spec.tls.backend client certificate merged in (GEP-3155). */
      tls: UpstreamTls | null;
      clientCertificate: BackendClientCertificate | null;
      path: string;
      plan: Extract<FilterPlan, { kind: 'forward' }> | null;
    };

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The prefix a ReplacePrefixMatch replaces: the matched PathPrefix ('' for "/"), or the whole path of an Exact match. */
function matchedPrefix(e: MatchEntry): string {
  return e.pathType === 'PathPrefix' ? e.pathPrefix : e.pathValue;
}

/** The TLS server name of the request's connection ('' = none); HTTP/2's compatibility socket proxies the TLS socket. */
function serverNameOf(req: ProxyRequest): string {
  const name = (req.socket as TLSSocket | null)?.servername;
  return typeof name === 'string' ? name : '';
}

/**
 * Match → filters (redirect and CORS preflight answered here) → backend. Shared by plain requests and upgrades.
 * 404 when nothing matches, 500 when the rule's backends are invalid or a filter cannot be applied.
 */
export function resolveRequest(table: RoutingTable, picker: BackendPicker, port: number, scheme: 'http' | 'https', req: ProxyRequest): Resolution {
  let path = req.url ?? '/';
  // Absolute-form request targets (RFC 9112 §3.2.2) carry the authority; route on their path.
  if (!path.startsWith('/')) {
    try {
      const u = new URL(path);
      path = `${u.pathname}${u.search}`;
    } catch {
      return { kind: 'error', status: 400, code: 'bad_request', reason: 'malformed request target' };
    }
  }
  const method = req.method ?? 'GET';
  // HTTP/2 carries the authority in :authority (RFC 9113 §8.3.1); a Host header, when sent, must agree with it.
  const authority = req.httpVersionMajor === 2 ? req.headers[':authority'] : undefined;
  const host = req.headers.host ?? (typeof authority === 'string' ? authority : undefined);
  const https = scheme === 'https';
  const m = matchRequest(table, { port, host, path, method, headers: req.headers, ...(https ? { sni: serverNameOf(req) } : {}) });
  if (m.outcome === 'misdirected') {
    return { kind: 'error', listener: m.listener, status: 421, code: 'misdirected_request', reason: `host ${host ?? ''} is served by another listener than the TLS server name "${serverNameOf(req)}" selected; open a new connection for it` };
  }
  if (m.outcome === 'not_found' || m.rule === null || m.entry === null) {
    return { kind: 'error', listener: m.listener, status: 404, code: 'no_route', reason: `no route matches ${method} ${host ?? ''}${path.split('?')[0] ?? ''} on port ${port}` };
  }
  const rule = m.rule;
  const listener = m.listener;
  if (m.fixedResponse !== null) return { kind: 'error', listener, rule, ...m.fixedResponse };
  const backend = rule.backends.length === 0 ? undefined : picker.pickBackend(rule);
  const backendFilters = backend?.kind === 'service' ? backend.filters : null;
  let plan: FilterPlan | null = null;
  if (rule.filters !== null || backendFilters !== null) {
    plan = planFilters([rule.filters, backendFilters], {
      method,
      scheme,
      host: normalizeRequestHost(host),
      target: path,
      listenerPort: port,
      matchedPrefix: matchedPrefix(m.entry),
      origin: single(req.headers.origin),
      requestMethod: single(req.headers['access-control-request-method']),
      requestHeaders: single(req.headers['access-control-request-headers']),
    });
    if (plan.kind === 'redirect') return { ...plan, listener, rule, backend: backend ?? null };
    if (plan.kind === 'preflight') return { kind: 'preflight', listener, rule, backend: backend ?? null, status: plan.status, headers: plan.headers ?? [] };
  }
  if (backend === undefined) return { kind: 'error', listener, rule, status: 500, code: 'no_backends', reason: 'the matched rule has no usable backend' };
  if (backend.kind === 'invalid') return { kind: 'error', listener, rule, backend, status: 500, code: 'invalid_backend', reason: `backend ${backend.ref} is invalid: ${backend.reason}` };
  // The Gateway's spec.tls.backend client certificate, when the backend's TLS has none of its own.
  const clientCertificate = listener?.backendClientCertificate ?? null;
  return { kind: 'forward', listener, rule, backend, tls: withGatewayClientCertificate(backend.tls, clientCertificate), clientCertificate, path, plan };
}
