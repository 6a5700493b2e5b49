import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { applyHeaderEdits } from '@gatehouse/compiler/filters/header-edits';
import type { TableStore } from '../routing-table/table-store';
import type { BackendPicker } from './backend-picker';
import { buildUpstreamRequestHeaders } from './forward-headers';
import { sendMirrors } from './mirror-requests';
import { ProxyExchange } from './proxy-exchange';
import type { ProxyStats } from './proxy-stats';
import { resolveRequest } from './resolve-request';
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

/** Replaces the Host header (URLRewrite hostname); the client's Host is otherwise preserved. */
export function withHost(headers: string[], host: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < headers.length; i += 2) if ((headers[i] as string).toLowerCase() !== 'host') out.push(headers[i] as string, headers[i + 1] as string);
  out.push('host', host);
  return out;
}

/**
 * The request path of the proxy: resolve (match, filters, backend) → forward with the rule's timeouts and retries.
 * 404 when nothing matches, 500 when the rule's backends are invalid, 503 when the chosen Service has no ready
 * endpoints, 502 with a reason when the upstream exchange fails, 504 on a timeout. Rules without filters, timeouts or
 * retries take the same path with nothing extra to do.
 */
export function createRequestListener(port: number, deps: RequestHandlerDeps, scheme: 'http' | 'https' = 'http'): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    deps.stats.requests++;
    const table = deps.tables.current;
    if (table === null) return sendError(res, deps.stats, 503, 'not_configured', 'the worker has not received a configuration yet');
    const r = resolveRequest(table, deps.picker, port, scheme, req);
    switch (r.kind) {
      case 'error':
        return sendError(res, deps.stats, r.status, r.code, r.reason);
      case 'redirect':
        res.writeHead(r.status, { location: r.location, 'content-length': 0 });
        res.end();
        return;
      case 'preflight':
        res.writeHead(r.status, r.headers);
        res.end();
        return;
    }
    let headers = buildUpstreamRequestHeaders(req.rawHeaders, req.socket.remoteAddress, scheme);
    const plan = r.plan;
    let target = r.path;
    if (plan !== null) {
      for (const edits of plan.requestEdits) headers = applyHeaderEdits(headers, edits);
      if (plan.authority !== null) headers = withHost(headers, plan.authority);
      target = plan.target;
    }
    const method = req.method ?? 'GET';
    const body = hasBody(req) ? req : null;
    if (plan !== null && plan.mirrors.length > 0) sendMirrors(plan.mirrors, { method, target, headers, body, clientCertificate: r.clientCertificate }, deps.pools, deps.picker, deps.stats);
    new ProxyExchange(res, {
      rule: r.rule,
      backend: r.backend,
      tls: r.tls,
      clientCertificate: r.clientCertificate,
      method,
      target,
      headers,
      body,
      responseEdits: plan?.responseEdits ?? [],
      corsHeaders: plan?.corsHeaders ?? null,
    }, deps).start();
  };
}
