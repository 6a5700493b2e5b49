import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTrpcHandler } from '../../src/server/trpc/http-handler';
import type { Harness } from './console-harness';

/**
 * A node:http request listener in front of the harness's REST handler and tRPC endpoint, as Next.js is in front of
 * them in the product. It passes the request's headers on as they are: whoever calls it (serveHarness below, or
 * console-server.mjs in the HTTPS tests) has written the socket peer headers first.
 */
export function harnessListener(h: Pick<Harness, 'handle' | 'rt'>): (req: IncomingMessage, res: ServerResponse) => void {
  const trpc = createTrpcHandler(async () => h.rt);
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, signal: abort.signal, ...(body && req.method !== 'GET' && req.method !== 'HEAD' ? { body } : {}) });
      void (new URL(request.url).pathname.startsWith('/api/trpc/') ? trpc(request) : h.handle(request))
        .then(async (r) => {
          const out = Buffer.from(await r.arrayBuffer());
          // Set-Cookie stays one header per cookie (Headers.entries() would join them with commas).
          const head: Record<string, string | string[]> = Object.fromEntries(r.headers.entries());
          const cookies = r.headers.getSetCookie();
          if (cookies.length > 0) head['set-cookie'] = cookies;
          res.writeHead(r.status, head);
          res.end(out);
        })
        .catch(() => {
          if (!res.headersSent) res.writeHead(500).end();
        });
    });
  };
}

/**
 * The harness's REST handler (and the tRPC endpoint at /api/trpc) on a real loopback HTTP port, so a real worker
 * process can long-poll the feed and report its status to it, and tests can call the APIs as a browser would
 * (no Next.js needed).
 */
export async function serveHarness(h: Pick<Harness, 'handle' | 'rt'>, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const listener = harnessListener(h);
  const server: Server = createServer((req, res) => {
    // What apps/console/server.mjs does in front of Next.js: the socket peer, over anything the client sent.
    req.headers['x-gatehouse-peer'] = req.socket.remoteAddress ?? '';
    req.headers['x-gatehouse-peer-tls'] = '0';
    listener(req, res);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
  };
}
