import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

/**
 * An httpbin-like echo upstream for the demo, the tests and benchmarks. Speaks HTTPS (the FSM
 * "Upstream TLS" httpbin) or plain HTTP. Responses are JSON with httpbin's shapes and Title-Case
 * header names.
 */
export interface EchoServerOptions {
  host: string;
  port: number;
  /** PEM certificate chain and key; required when `tls` is true. */
  cert?: string;
  key?: string;
  tls: boolean;
  /** Sent as `x-echo-name` on every response, so tests can tell upstreams apart. */
  name?: string;
  /** PEM CA bundle: require a client certificate signed by it (mutual TLS). */
  clientCa?: string;
}

export interface EchoServer {
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 10 * 1024 * 1024;
const MAX_DELAY_SECONDS = 10;
const NO_BODY = new Set([204, 304]);

/** httpbin spells header names in Title-Case (`user-agent` → `User-Agent`). */
export function titleCase(name: string): string {
  return name.split('-').map((p) => (p === '' ? p : p[0]?.toUpperCase() + p.slice(1).toLowerCase())).join('-');
}

function echoHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = titleCase(raw[i] as string);
    const value = raw[i + 1] as string;
    out[name] = out[name] === undefined ? value : `${out[name]},${value}`;
  }
  return out;
}

function argsOf(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (NO_BODY.has(status) || status < 200) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body, null, 2) + '\n';
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

/** What the TLS handshake looked like from the server side (not in httpbin): lets tests check SNI and ALPN. */
function describeTls(req: IncomingMessage): Record<string, unknown> {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getProtocol !== 'function') return { tls: false };
  const sni = (socket as TLSSocket & { servername?: string | false }).servername;
  const peer = socket.getPeerCertificate();
  const clientSubject = peer !== null && typeof peer === 'object' && peer.subject !== undefined ? (peer.subject.CN ?? null) : null;
  return { tls: true, protocol: socket.getProtocol(), sni: typeof sni === 'string' ? sni : null, alpn: socket.alpnProtocol || null, clientCertificateCN: clientSubject };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function describeRequest(req: IncomingMessage, url: URL, scheme: string): Record<string, unknown> {
  return {
    args: argsOf(url),
    headers: echoHeaders(req),
    origin: req.socket.remoteAddress ?? '',
    url: `${scheme}://${req.headers.host ?? 'localhost'}${url.pathname}${url.search}`,
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, scheme: string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://echo.invalid');
  const path = url.pathname;
  if (path === '/headers') return send(res, 200, { headers: echoHeaders(req) });
  if (path === '/tls') return send(res, 200, describeTls(req));
  if (path === '/get') return send(res, 200, describeRequest(req, url, scheme));
  if (path === '/anything' || path.startsWith('/anything/')) {
    const body = await readBody(req);
    const data = body.toString('utf8');
    const type = req.headers['content-type'] ?? '';
    let json: unknown = null;
    if (type.includes('json')) {
      try {
        json = JSON.parse(data);
      } catch {
        json = null;
      }
    }
    const form = type.includes('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(data)) : {};
    return send(res, 200, { ...describeRequest(req, url, scheme), method: req.method, data, files: {}, form, json });
  }
  const status = /^\/status\/(\d{3})$/.exec(path);
  if (status !== null) {
    const code = Number(status[1]);
    if (code < 100 || code > 599) return send(res, 400, { error: 'status code must be 100-599' });
    return send(res, code, { status: code });
  }
  const delay = /^\/delay\/(\d+(?:\.\d+)?)$/.exec(path);
  if (delay !== null) {
    const seconds = Math.min(Number(delay[1]), MAX_DELAY_SECONDS);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    return send(res, 200, { ...describeRequest(req, url, scheme), delay: seconds });
  }
  if (path === '/') {
    return send(res, 200, { service: 'gatehouse-echo', tls: scheme === 'https', routes: ['/headers', '/get', '/tls', '/anything[/*]', '/status/{code}', '/delay/{seconds<=10}'] });
  }
  return send(res, 404, { error: `no route for ${path}` });
}

export async function startEchoServer(opts: EchoServerOptions): Promise<EchoServer> {
  const scheme = opts.tls ? 'https' : 'http';
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (opts.name !== undefined) res.setHeader('x-echo-name', opts.name);
    handle(req, res, scheme).catch((err: unknown) => {
      if (!res.headersSent) send(res, 400, { error: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    });
  };
  let server: Server;
  if (opts.tls) {
    if (opts.cert === undefined || opts.key === undefined) throw new Error('tls: true needs cert and key');
    const mutual = opts.clientCa === undefined ? {} : { ca: opts.clientCa, requestCert: true, rejectUnauthorized: true };
    server = createHttpsServer({ cert: opts.cert, key: opts.key, ...mutual }, listener);
  } else {
    server = createHttpServer(listener);
  }
  // Long keep-alive so proxy connection pools stay warm (benchmarks measure the proxy, not handshakes).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
