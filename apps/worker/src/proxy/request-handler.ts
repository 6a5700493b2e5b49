import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { applyHeaderEdits } from '@gatehouse/compiler/filters/header-edits';
import type { PortProtocol } from '@gatehouse/compiler/routing-table/routing-table';
import type { RequestMetrics } from '../metrics/request-metrics';
import type { TableStore } from '../routing-table/table-store';
import type { BackendPicker } from './backend-picker';
import { buildUpstreamRequestHeaders, type PeerTrust } from './forward-headers';
import { sendMirrors } from './mirror-requests';
import { ProxyExchange } from './proxy-exchange';
import type { ProxyStats } from './proxy-stats';
import { resolveRequest } from './resolve-request';
import { sendError } from './send-error';
import { closeAfterAnswer, limitBody } from './server-limits';
import type { UpstreamPools } from './upstream-pools';

export interface RequestHandlerDeps {
  tables: TableStore;
  pools: UpstreamPools;
  picker: BackendPicker;
  stats: ProxyStats;
  logger: Logger;
  /** Request counters, latency histograms and the access log (src/metrics); absent: none. */
  metrics?: RequestMetrics;
  /** Peers whose X-Forwarded-* headers are believed (none when absent). */
  trust?: PeerTrust;
  /** Request bodies larger than this are refused with 413 (server-limits.ts `limitBody`); absent/null: no limit. */
  maxBodyBytes?: number | null;
}

/** HTTP/1.1 (node:http, or HTTP/1.1 negotiated on an HTTPS port) or HTTP/2 (the compatibility API) exchange. */
export type ProxyRequest = IncomingMessage | Http2ServerRequest;
export type ProxyResponse = ServerResponse | Http2ServerResponse;
export type ProxyRequestListener = (req: ProxyRequest, res: ProxyResponse) => void;

function hasBody(req: ProxyRequest, http2: boolean): boolean {
  // HTTP/2 needs no length: a request without a body ends its stream with the HEADERS frame.
  if (http2) return !(req as Http2ServerRequest).stream.endAfterHeaders;
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

/** writeHead for both APIs: HTTP/2 has no reason phrase (RFC 9113 §8.3.2); both take a flat [name, value, …] array. */
export function writeHead(res: ProxyResponse, http2: boolean, status: number, headers: string[], statusText = ''): void {
  if (http2) (res as Http2ServerResponse).writeHead(status, headers as unknown as Record<string, string>);
  else if (statusText !== '') (res as ServerResponse).writeHead(status, statusText, headers);
  else (res as ServerResponse).writeHead(status, headers);
}

/**
 * The request path of the proxy: resolve (match, 421 check, filters, backend) → forward with the rule's timeouts and
 * retries. 404 when nothing matches, 421 when the TLS server name chose another listener, 500 when the rule's
 * backends are invalid, 503 when the chosen Service has no ready endpoints, 502 with a reason when the upstream
 * exchange fails, 504 on a timeout. Rules without filters, timeouts or retries take the same path with nothing extra
 * to do.
 */
export function createRequestListener(port: number, deps: RequestHandlerDeps, protocol: PortProtocol = 'HTTP'): ProxyRequestListener {
  const scheme = protocol === 'HTTPS' ? 'https' : 'http';
  return (req, res) => {
    // One count per request: the metrics' when there are metrics (ProxyStats reads it), else ProxyStats' own.
    const rec = deps.metrics?.begin(req, res) ?? null;
    if (rec === null) deps.stats.requests++;
    const table = deps.tables.current;
    if (table === null) return sendError(res, deps.stats, 503, 'not_configured', 'the worker has not received a configuration yet', rec);
    const http2 = req.httpVersionMajor === 2;
    const r = resolveRequest(table, deps.picker, port, scheme, req);
    if (rec !== null) rec.route(r.listener, r.rule, r.backend);
    switch (r.kind) {
      case 'error':
        return sendError(res, deps.stats, r.status, r.code, r.reason, rec);
      case 'redirect':
        writeHead(res, http2, r.status, ['location', r.location, 'content-length', '0']);
        res.end();
        return;
      case 'preflight':
        writeHead(res, http2, r.status, r.headers);
        res.end();
        return;
    }
    let headers = buildUpstreamRequestHeaders(req.rawHeaders, req.socket.remoteAddress, scheme, deps.trust);
    const plan = r.plan;
    let target = r.path;
    if (plan !== null) {
      for (const edits of plan.requestEdits) headers = applyHeaderEdits(headers, edits);
      if (plan.authority !== null) headers = withHost(headers, plan.authority);
      target = plan.target;
    }
    const method = req.method ?? 'GET';
    let body: Readable | null = hasBody(req, http2) ? req : null;
    let exchange: ProxyExchange | null = null;
    const limit = deps.maxBodyBytes;
    if (body !== null && limit != null) {
      const limited = limitBody(req, limit, () => exchange?.refuseBody(limit));
      if (limited === 'too-large') {
        closeAfterAnswer(res, http2);
        return sendError(res, deps.stats, 413, 'request_body_too_large', `the request body (Content-Length ${req.headers['content-length'] ?? ''}) is larger than ${limit} bytes`, rec);
      }
      body = limited;
    }
    if (plan !== null && plan.mirrors.length > 0) body = sendMirrors(plan.mirrors, { method, target, headers, body, clientCertificate: r.clientCertificate }, deps.pools, deps.picker, deps.stats) ?? body;
    exchange = new ProxyExchange(res, http2, {
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
      record: rec,
    }, deps);
    exchange.start();
  };
}
