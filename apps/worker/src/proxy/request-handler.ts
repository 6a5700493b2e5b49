import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { matchRequest } from '@gatehouse/compiler/match/match-request';
import type { Endpoint, UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import type { TableStore } from '../routing-table/table-store';
import type { BackendPicker } from './backend-picker';
import { buildClientResponseHeaders, buildUpstreamRequestHeaders } from './forward-headers';
import type { ProxyStats } from './proxy-stats';
import { withGatewayClientCertificate } from './gateway-client-certificate';
import { classifyUpstreamError } from './upstream-errors';
import type { UpstreamPools } from './upstream-pools';

export interface RequestHandlerDeps {
  tables: TableStore;
  pools: UpstreamPools;
  picker: BackendPicker;
  stats: ProxyStats;
  logger: Logger;
}

/** Plain-text error with the code in `x-gatehouse-error`: a client always gets a reason, never an empty reply. */
function sendError(res: ServerResponse, stats: ProxyStats, status: number, code: string, reason: string): void {
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
    private readonly res: ServerResponse,
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
    res.writeHead(statusCode, statusText, buildClientResponseHeaders(rawHeaders));
    res.on('drain', resume);
    return true;
  }

  onData(chunk: Buffer): boolean {
    return this.res.write(chunk);
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

function hasBody(req: IncomingMessage): boolean {
  const len = req.headers['content-length'];
  return (len !== undefined && len !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * The request path of the proxy: match → pick backend and endpoint → forward. 404 when nothing matches,
 * 500 when the rule's backends are invalid, 503 when the chosen Service has no ready endpoints, 502 with a
 * reason when the upstream exchange fails.
 */
export function createRequestListener(port: number, deps: RequestHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
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
    if (m.outcome === 'not_found') {
      return sendError(res, deps.stats, 404, 'no_route', `no route matches ${method} ${req.headers.host ?? ''}${path.split('?')[0] ?? ''} on port ${port}`);
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
    // The Gateway's spec.tls.backend client certificate, when the backend's TLS has none of its own.
    const clientCertificate = m.listener?.backendClientCertificate ?? null;
    const tls = withGatewayClientCertificate(backend.tls, clientCertificate);
    let upstream;
    try {
      upstream = deps.pools.get(endpoint, tls);
    } catch (err) {
      const what = tls === null ? 'upstream' : `${tls.policy.kind} ${tls.policy.namespace}/${tls.policy.name}`;
      const cert = tls !== backend.tls && clientCertificate !== null ? `, client certificate ${clientCertificate.source} of Gateway ${clientCertificate.gateway.namespace}/${clientCertificate.gateway.name}` : '';
      return sendError(res, deps.stats, 502, 'upstream_tls_config', `cannot use the TLS settings of ${what} (CA ${tls?.caSource ?? '-'}${cert}): ${err instanceof Error ? err.message : String(err)}`);
    }
    const headers = buildUpstreamRequestHeaders(req.rawHeaders, req.socket.remoteAddress, 'http');
    // `servername` is a Request option of undici 7 that its DispatchOptions type does not declare.
    const opts: Dispatcher.DispatchOptions & { servername: string } = {
      origin: upstream.origin,
      path,
      method: method as Dispatcher.HttpMethod,
      headers,
      body: hasBody(req) ? req : null,
      servername: upstream.servername,
    };
    upstream.pool.dispatch(opts, new ProxyExchange(res, tls, endpoint, deps, backend.tlsProblem));
  };
}
