import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { matchRequest } from '@gatehouse/compiler/match/match-request';
import type { Endpoint, PortProtocol, UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import type { TableStore } from '../routing-table/table-store';
import type { BackendPicker } from './backend-picker';
import { buildClientResponseHeaders, buildUpstreamRequestHeaders } from './forward-headers';
import type { ProxyStats } from './proxy-stats';
import { classifyUpstreamError } from './upstream-errors';
import type { UpstreamPools } from './upstream-pools';

export interface RequestHandlerDeps {
  tables: TableStore;
  pools: UpstreamPools;
  picker: BackendPicker;
  stats: ProxyStats;
  logger: Logger;
}

/** HTTP/1.1 (node:http, or HTTP/1.1 negotiated on an HTTPS port) or HTTP/2 (the compatibility API) exchange. */
export type ProxyRequest = IncomingMessage | Http2ServerRequest;
export type ProxyResponse = ServerResponse | Http2ServerResponse;
export type ProxyRequestListener = (req: ProxyRequest, res: ProxyResponse) => void;

/** Plain-text error with the code in `x-gatehouse-error`: a client always gets a reason, never an empty reply. */
function sendError(res: ProxyResponse, stats: ProxyStats, status: number, code: string, reason: string): void {
  stats.countError(code);
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const body = `${reason}\n`;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), 'x-gatehouse-error': code });
  res.end(body);
}

/**
 * One proxied exchange, as an undici dispatch handler working on raw header arrays (no per-request
 * header objects: proxy-performance.md, +25 % over `pool.stream`). Streams both ways with backpressure.
 */
class ProxyExchange implements Dispatcher.DispatchHandler {
  private abortUpstream: ((err?: Error) => void) | null = null;
  private clientGone = false;

  constructor(
    private readonly res: ProxyResponse,
    private readonly http2: boolean,
    private readonly tls: UpstreamTls | null,
    private readonly endpoint: Endpoint,
    private readonly deps: RequestHandlerDeps,
    private readonly tlsProblem: string | null = null,
  ) {
    res.once('close', () => {
      if (res.writableFinished) return;
      this.clientGone = true;
      this.abortUpstream?.(new Error('client closed the connection'));
    });
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abortUpstream = abort;
    if (this.clientGone) abort(new Error('client closed the connection'));
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    // 1xx interim responses: Node's server already answered the client's Expect itself.
    if (statusCode < 200) return true;
    const res = this.res;
    // HTTP/2 has no reason phrase (RFC 9113 §8.3.2); Node warns when one is passed.
    // Node's compatibility API takes the flat [name, value, …] array like node:http; its types do not say so.
    if (this.http2) (res as Http2ServerResponse).writeHead(statusCode, buildClientResponseHeaders(rawHeaders) as unknown as Record<string, string>);
    else (res as ServerResponse).writeHead(statusCode, statusText, buildClientResponseHeaders(rawHeaders));
    res.on('drain', resume);
    return true;
  }

  onData(chunk: Buffer): boolean {
    return (this.res as ServerResponse).write(chunk);
  }

  onComplete(): void {
    this.deps.stats.forwarded++;
    this.res.end();
  }

  onError(err: Error): void {
    if (this.clientGone) return;
    const failure = classifyUpstreamError(err, this.tls, this.endpoint, this.tlsProblem);
    this.deps.logger.debug({ code: failure.code, err: (err as NodeJS.ErrnoException).code ?? err.name }, failure.reason);
    sendError(this.res, this.deps.stats, failure.status, failure.code, failure.reason);
  }
}

function hasBody(req: ProxyRequest, http2: boolean): boolean {
  // HTTP/2 needs no length: a request without a body ends its stream with the HEADERS frame.
  if (http2) return !(req as Http2ServerRequest).stream.endAfterHeaders;
  const len = req.headers['content-length'];
  return (len !== undefined && len !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** The TLS server name of the request's connection ('' = none); HTTP/2's compatibility socket proxies the TLS socket. */
function serverNameOf(req: ProxyRequest): string {
  const name = (req.socket as TLSSocket).servername;
  return typeof name === 'string' ? name : '';
}

/**
 * The request path of the proxy: match → pick backend and endpoint → forward. 404 when nothing matches,
 * 500 when the rule's backends are invalid, 503 when the chosen Service has no ready endpoints, 502 with a
 * reason when the upstream exchange fails.
 */
export function createRequestListener(port: number, deps: RequestHandlerDeps, protocol: PortProtocol = 'HTTP'): ProxyRequestListener {
  const https = protocol === 'HTTPS';
  const proto = https ? 'https' : 'http';
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
    const http2 = req.httpVersionMajor === 2;
    // HTTP/2 carries the authority in :authority (RFC 9113 §8.3.1); a Host header, when sent, must agree with it.
    const authority = http2 ? req.headers[':authority'] : undefined;
    const host = req.headers.host ?? (typeof authority === 'string' ? authority : undefined);
    const m = matchRequest(table, { port, host, path, method, headers: req.headers, ...(https ? { sni: serverNameOf(req) } : {}) });
    if (m.outcome === 'misdirected') {
      return sendError(res, deps.stats, 421, 'misdirected_request', `host ${host ?? ''} is served by another listener than the TLS server name "${serverNameOf(req)}" selected; open a new connection for it`);
    }
    if (m.outcome === 'not_found') {
      return sendError(res, deps.stats, 404, 'no_route', `no route matches ${method} ${host ?? ''}${path.split('?')[0] ?? ''} on port ${port}`);
    }
    if (m.fixedResponse !== null) return sendError(res, deps.stats, m.fixedResponse.status, m.fixedResponse.code, m.fixedResponse.reason);
    const rule = m.rule;
    const backend = rule === null ? undefined : deps.picker.pickBackend(rule);
    if (backend === undefined) return sendError(res, deps.stats, 500, 'no_backends', 'the matched rule has no usable backend');
    if (backend.kind === 'invalid') return sendError(res, deps.stats, 500, 'invalid_backend', `backend ${backend.ref} is invalid: ${backend.reason}`);
    const endpoint = deps.picker.pickEndpoint(backend);
    if (endpoint === undefined) {
      return sendError(res, deps.stats, 503, 'no_ready_endpoints', `Service ${backend.service.namespace}/${backend.service.name}:${backend.port} has no ready endpoints (${backend.noEndpointsReason ?? 'none'})`);
    }
    let upstream;
    try {
      upstream = deps.pools.get(endpoint, backend.tls);
    } catch (err) {
      const what = backend.tls === null ? 'upstream' : `${backend.tls.policy.kind} ${backend.tls.policy.namespace}/${backend.tls.policy.name}`;
      return sendError(res, deps.stats, 502, 'upstream_tls_config', `cannot use the TLS settings of ${what} (CA ${backend.tls?.caSource ?? '-'}): ${err instanceof Error ? err.message : String(err)}`);
    }
    const headers = buildUpstreamRequestHeaders(req.rawHeaders, req.socket.remoteAddress, proto);
    // `servername` is a Request option of undici 7 that its DispatchOptions type does not declare.
    const opts: Dispatcher.DispatchOptions & { servername: string } = {
      origin: upstream.origin,
      path,
      method: method as Dispatcher.HttpMethod,
      headers,
      body: hasBody(req, http2) ? req : null,
      servername: upstream.servername,
    };
    upstream.pool.dispatch(opts, new ProxyExchange(res, http2, backend.tls, endpoint, deps, backend.tlsProblem));
  };
}
