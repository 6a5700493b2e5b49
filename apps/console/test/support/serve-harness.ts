import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTrpcHandler } from '../../src/server/trpc/http-handler';
import type { Harness } from './console-harness';

/**
 * The harness's REST handler (and the tRPC endpoint at /api/trpc) on a real loopback HTTP port, so a real worker
 * process can long-poll the feed and report its status to it, and tests can call the APIs as a browser would
 * (no Next.js needed).
 */
export async function serveHarness(h: Harness, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const trpc = createTrpcHandler(async () => h.rt);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      // What apps/console/server.mjs does in front of Next.js: the socket peer, over anything the client sent.
      headers.set('x-gatehouse-peer', req.socket.remoteAddress ?? '');
      headers.set('x-gatehouse-peer-tls', '0');
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, signal: abort.signal, ...(body && req.method !== 'GET' && req.method !== 'HEAD' ? { body } : {}) });
      void (new URL(request.url).pathname.startsWith('/api/trpc/') ? trpc(request) : h.handle(request))
        .then(async (r) => {
          const out = Buffer.from(await r.arrayBuffer());
          // Several Set-Cookie headers stay several (Object.fromEntries would keep the last one only).
          const headers: Record<string, string | string[]> = Object.fromEntries(r.headers.entries());
          if (r.headers.getSetCookie().length > 0) headers['set-cookie'] = r.headers.getSetCookie();
          res.writeHead(r.status, headers);
          res.end(out);
        })
        .catch(() => {
          if (!res.headersSent) res.writeHead(500).end();
        });
    });
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
