import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { applyHeaderEdits } from '@gatehouse/compiler/filters/header-edits';
import { type FilterPlan, planFilters } from '@gatehouse/compiler/filters/plan-filters';
import { normalizeRequestHost } from '@gatehouse/compiler/hostname/hostname-match';
import { matchRequest } from '@gatehouse/compiler/match/match-request';
import type { MatchEntry } from '@gatehouse/compiler/routing-table/routing-table';
import type { TableStore } from '../routing-table/table-store';
import type { BackendPicker } from './backend-picker';
import { buildUpstreamRequestHeaders } from './forward-headers';
import { sendMirrors } from './mirror-requests';
import { ProxyExchange } from './proxy-exchange';
import type { ProxyStats } from './proxy-stats';
import { sendError } from './send-error';
import type { UpstreamPools } from './upstream-pools';

export interface RequestHandlerDeps {
  tables: TableStore;
  pools: UpstreamPools;
  picker: BackendPicker;
  stats: ProxyStats;
  logger: Logger;
}

function hasBody(req: IncomingMessage): boolean {
  const len = req.headers['content-length'];
  return (len !== undefined && len !== '0') || req.headers['transfer-encoding'] !== undefined;
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The prefix a ReplacePrefixMatch replaces: the matched PathPrefix ('' for "/"), or the whole path of an Exact match. */
function matchedPrefix(e: MatchEntry): string {
  return e.pathType === 'PathPrefix' ? e.pathPrefix : e.pathValue;
}

/** Replaces the Host header (URLRewrite hostname); the client's Host is otherwise preserved. */
function withHost(headers: string[], host: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < headers.length; i += 2) if ((headers[i] as string).toLowerCase() !== 'host') out.push(headers[i] as string, headers[i + 1] as string);
  out.push('host', host);
  return out;
}

/**
 * The request path of the proxy: match → filters (redirect and CORS preflight answered here) → pick backend and
 * endpoint → forward with the rule's timeouts and retries. 404 when nothing matches, 500 when the rule's backends
 * are invalid, 503 when the chosen Service has no ready endpoints, 502 with a reason when the upstream exchange
 * fails, 504 on a timeout. Rules without filters, timeouts or retries take the same path with nothing extra to do.
 */
export function createRequestListener(port: number, deps: RequestHandlerDeps, scheme: 'http' | 'https' = 'http'): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    deps.stats.requests++;
    const table = deps.tables.current;
    if (table === null) return sendError(res, deps.stats, 503, 'not_configured', 'the worker has not received a configuration yet');
    let path = req.url ?? '/';
    // Absolute-form request targets (RFC 9112 §3.2.2) carry the authority; route on their path.
    if (!path.startsWith('/')) {
      try {
        const u = new URL(path);
        path = `${u.pathname}${u.search}`;
      } catch {
        return sendError(res, deps.stats, 400, 'bad_request', 'malformed request target');
      }
    }
    const method = req.method ?? 'GET';
    const m = matchRequest(table, { port, host: req.headers.host, path, method, headers: req.headers });
    if (m.outcome === 'not_found' || m.rule === null || m.entry === null) {
      return sendError(res, deps.stats, 404, 'no_route', `no route matches ${method} ${req.headers.host ?? ''}${path.split('?')[0] ?? ''} on port ${port}`);
    }
    if (m.fixedResponse !== null) return sendError(res, deps.stats, m.fixedResponse.status, m.fixedResponse.code, m.fixedResponse.reason);
    const rule = m.rule;
    const backend = rule.backends.length === 0 ? undefined : deps.picker.pickBackend(rule);
    const backendFilters = backend?.kind === 'service' ? backend.filters : null;
    let plan: FilterPlan | null = null;
    if (rule.filters !== null || backendFilters !== null) {
      plan = planFilters([rule.filters, backendFilters], {
        method,
        scheme,
        host: normalizeRequestHost(req.headers.host),
        target: path,
        listenerPort: port,
        matchedPrefix: matchedPrefix(m.entry),
        origin: single(req.headers.origin),
        requestMethod: single(req.headers['access-control-request-method']),
        requestHeaders: single(req.headers['access-control-request-headers']),
      });
      if (plan.kind === 'redirect') {
        res.writeHead(plan.status, { location: plan.location, 'content-length': 0 });
        res.end();
        return;
      }
      if (plan.kind === 'preflight') {
        res.writeHead(plan.status, plan.headers ?? []);
        res.end();
        return;
      }
    }
    if (backend === undefined) return sendError(res, deps.stats, 500, 'no_backends', 'the matched rule has no usable backend');
    if (backend.kind === 'invalid') return sendError(res, deps.stats, 500, 'invalid_backend', `backend ${backend.ref} is invalid: ${backend.reason}`);
    let headers = buildUpstreamRequestHeaders(req.rawHeaders, req.socket.remoteAddress, scheme);
    let target = path;
    if (plan !== null && plan.kind === 'forward') {
      for (const edits of plan.requestEdits) headers = applyHeaderEdits(headers, edits);
      if (plan.authority !== null) headers = withHost(headers, plan.authority);
      target = plan.target;
    }
    const body = hasBody(req) ? req : null;
    if (plan !== null && plan.kind === 'forward' && plan.mirrors.length > 0) {
      sendMirrors(plan.mirrors, { method, target, headers, body }, deps.pools, deps.picker, deps.stats);
    }
    const exchange = new ProxyExchange(res, {
      rule,
      backend,
      method,
      target,
      headers,
      body,
      responseEdits: plan?.kind === 'forward' ? plan.responseEdits : [],
      corsHeaders: plan?.kind === 'forward' ? plan.corsHeaders : null,
    }, deps);
    exchange.start();
  };
}
