/**
 * The least a Node reverse proxy can do per request, as a contender that marks the ceiling of the Node engine on the
 * machine at hand: `tsx bare-undici-proxy.ts <listenPort> <upstreamPort> <caFile> <servername>`. node:http server →
 * `Pool.dispatch` of undici (the worker's pool size, pipelining and keep-alive) with a small handler on raw header arrays:
 * no routing, no filters, no metrics, no limits — only hop-by-hop headers dropped and X-Forwarded-For/-Proto added,
 * and the upstream verified against the CA with SNI and its name, the same policy as every other contender.
 *
 * Whatever the worker costs above this is Gatehouse's; whatever this costs above nginx is Node's (node:http, undici,
 * and their TLS and socket writes). It is not a product: it has no timeouts or limits a hostile client would meet.
 */
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { checkServerIdentity, createSecureContext } from 'node:tls';
import { type Dispatcher, Pool } from 'undici';

const [listenPort, upstreamPort, caFile, servername] = process.argv.slice(2) as [string, string, string, string];
const secureContext = createSecureContext({ ca: readFileSync(caFile, 'utf8') });
const origin = `https://127.0.0.1:${upstreamPort}`;
const pool = new Pool(origin, {
  connections: 128,
  pipelining: 1,
  keepAliveTimeout: 60_000,
  connect: { secureContext, servername, checkServerIdentity: (_host, cert) => checkServerIdentity(servername, cert) },
});
// Its own short list on purpose (the worker's forward-headers.ts also drops Connection-listed names and sets X-Forwarded-Host).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

class Exchange implements Dispatcher.DispatchHandler {
  constructor(private readonly res: ServerResponse) {}
  onConnect(): void {}
  onHeaders(status: number, raw: Buffer[], resume: () => void, statusText: string): boolean {
    const headers: string[] = [];
    for (let i = 0; i < raw.length; i += 2) {
      const name = (raw[i] as Buffer).toString('latin1');
      if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push(name, (raw[i + 1] as Buffer).toString('latin1'));
    }
    this.res.writeHead(status, statusText, headers);
    this.res.on('drain', resume);
    return true;
  }
  onData(chunk: Buffer): boolean {
    return this.res.write(chunk);
  }
  onComplete(): void {
    this.res.end();
  }
  onError(): void {
    if (!this.res.headersSent) this.res.writeHead(502).end();
    else this.res.destroy();
  }
}

createServer((req, res) => {
  const headers: string[] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) if (!HOP_BY_HOP.has((raw[i] as string).toLowerCase())) headers.push(raw[i] as string, raw[i + 1] as string);
  headers.push('x-forwarded-for', req.socket.remoteAddress ?? '', 'x-forwarded-proto', 'http');
  const body = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined ? req : null;
  // `servername` per request (an undici 7 Request option its types omit), as the worker does: undici would otherwise
  // derive SNI from each request's Host and reconnect when it changes.
  const opts: Dispatcher.DispatchOptions & { servername: string } = { origin, path: req.url ?? '/', method: (req.method ?? 'GET') as Dispatcher.HttpMethod, headers, body, servername };
  pool.dispatch(opts, new Exchange(res));
}).listen(Number(listenPort), '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
