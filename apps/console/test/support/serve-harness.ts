import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Harness } from './console-harness';

/**
 * The harness's REST handler on a real loopback HTTP port, so a real worker process can long-poll the feed and
 * report its status to it (no Next.js needed).
 */
export async function serveHarness(h: Pick<Harness, 'handle'>, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      void h
        .handle(new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, signal: abort.signal, ...(body && req.method !== 'GET' && req.method !== 'HEAD' ? { body } : {}) }))
        .then(async (r) => {
          const out = Buffer.from(await r.arrayBuffer());
          res.writeHead(r.status, Object.fromEntries(r.headers.entries()));
          res.end(out);
        })
        .catch(() => {
          if (!res.headersSent) res.writeHead(500).end();
        });
    });
  });
  // A given port lets a test bring "the same console" back where its workers look for it.
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
