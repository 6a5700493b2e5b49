#!/usr/bin/env node
// The console's HTTP server: Next.js's request handler behind node:http, for one reason — the handler is the only
// place that sees the socket. Next.js keeps a client's own X-Forwarded-For (it sets the header only when absent),
// so without this the client would choose the address in audit events and the sign-in rate limit's key. Here the
// socket peer and whether the socket is TLS are written under names of our own, over anything the client sent;
// src/server/auth/trusted-proxies.ts then believes X-Forwarded-* only from GATEHOUSE_TRUSTED_PROXIES.
// Env: PORT (3000; all interfaces, like `next start`), GATEHOUSE_NEXT_DIST_DIR (next.config.ts).
// @see https://nextjs.org/docs/app/guides/custom-server
import { createServer } from 'node:http';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';

const dir = dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.PORT || 3000);

const app = next({ dev: false, dir, port });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer((req, res) => {
  req.headers['x-gatehouse-peer'] = req.socket.remoteAddress ?? '';
  req.headers['x-gatehouse-peer-tls'] = 'encrypted' in req.socket && req.socket.encrypted ? '1' : '0';
  void handle(req, res);
});
server.listen(port, () => console.log(`[console] listening on port ${port}`));

// Stop taking connections and let Next.js finish what it started (start.mjs and Kubernetes send SIGTERM).
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
