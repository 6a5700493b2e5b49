import type { IncomingMessage } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { applyHeaderEdits } from '@gatehouse/compiler/filters/header-edits';
import { buildUpstreamRequestHeaders } from './forward-headers';
import type { RequestHandlerDeps } from './request-handler';
import { withHost } from './request-handler';
import { resolveRequest } from './resolve-request';
import { classifyUpstreamError } from './upstream-errors';
import { CONNECT_TIMEOUT_MS } from './upstream-pools';

const STATUS_TEXT: Readonly<Record<number, string>> = { 400: 'Bad Request', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

/** A plain-text HTTP/1.1 answer written on the raw socket of a refused upgrade, then the socket is closed. */
function refuse(socket: Duplex, status: number, code: string, reason: string, extra: string[] = []): void {
  const body = `${reason}\n`;
  const head = [`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? ''}`, 'content-type: text/plain; charset=utf-8', `content-length: ${Buffer.byteLength(body)}`, `x-gatehouse-error: ${code}`, 'connection: close', ...extra];
  socket.end(`${head.join('\r\n')}\r\n\r\n${status === 204 || status < 200 ? '' : body}`);
}

/**
 * Upgraded connections (WebSocket, `appProtocol: kubernetes.io/ws`; any HTTP/1.1 Upgrade): the request is routed and
 * filtered like any other, then a connection is opened to the endpoint (TLS with the backend's policy when it has
 * one), the request is replayed with its Upgrade and Connection headers, and the two sockets are joined both ways:
 * the upstream's 101 answer and every frame after it pass through untouched.
 * @see https://gateway-api.sigs.k8s.io/geps/gep-1911/ (backend protocol selection)
 */
export function createUpgradeListener(port: number, deps: RequestHandlerDeps, scheme: 'http' | 'https' = 'http'): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    deps.stats.requests++;
    socket.on('error', () => socket.destroy());
    const table = deps.tables.current;
    if (table === null) return refuse(socket, 503, 'not_configured', 'the worker has not received a configuration yet');
    const r = resolveRequest(table, deps.picker, port, scheme, req);
    if (r.kind === 'error') {
      deps.stats.countError(r.code);
      return refuse(socket, r.status, r.code, r.reason);
    }
    if (r.kind === 'redirect') return refuse(socket, r.status, 'redirect', `moved to ${r.location}`, [`location: ${r.location}`]);
    if (r.kind === 'preflight') return refuse(socket, 400, 'bad_request', 'a CORS preflight cannot upgrade');
    const endpoint = deps.picker.pickEndpoint(r.backend);
    if (endpoint === undefined) return refuse(socket, 503, 'no_ready_endpoints', `Service ${r.backend.service.namespace}/${r.backend.service.name}:${r.backend.port} has no ready endpoints`);
    let headers = buildUpstreamRequestHeaders(req.rawHeaders, req.socket.remoteAddress, scheme, deps.trust);
    let target = r.path;
    if (r.plan !== null) {
      for (const edits of r.plan.requestEdits) headers = applyHeaderEdits(headers, edits);
      if (r.plan.authority !== null) headers = withHost(headers, r.plan.authority);
      target = r.plan.target;
    }
    // Hop-by-hop headers were dropped for forwarding; an upgrade needs its own two back.
    headers.push('connection', 'upgrade', 'upgrade', req.headers.upgrade ?? 'websocket');
    const tls = r.tls;
    let upstream: Socket;
    try {
      upstream = tls === null
        ? netConnect({ host: endpoint.address, port: endpoint.port })
        : deps.pools.connectTls(endpoint, tls);
    } catch (err) {
      return refuse(socket, 502, 'upstream_tls_config', `cannot use the upstream TLS settings: ${err instanceof Error ? err.message : String(err)}`);
    }
    upstream.setTimeout(CONNECT_TIMEOUT_MS);
    let joined = false;
    upstream.once(tls === null ? 'connect' : 'secureConnect', () => {
      upstream.setTimeout(0);
      joined = true;
      const lines = [`${req.method ?? 'GET'} ${target} HTTP/1.1`];
      for (let i = 0; i < headers.length; i += 2) lines.push(`${headers[i] as string}: ${headers[i + 1] as string}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
      deps.stats.forwarded++;
    });
    upstream.once('timeout', () => upstream.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })));
    upstream.on('error', (err) => {
      if (joined) {
        socket.destroy();
        return;
      }
      const failure = classifyUpstreamError(err, tls, endpoint, r.backend.tlsProblem);
      deps.stats.countError(failure.code);
      refuse(socket, failure.status, failure.code, failure.reason);
    });
    socket.once('close', () => upstream.destroy());
    upstream.once('close', () => socket.destroy());
  };
}
