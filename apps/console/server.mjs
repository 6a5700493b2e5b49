#!/usr/bin/env node
// The console's HTTP server: Next.js's request handler behind node:http, for one reason — the handler is the only
// place that sees the socket. Next.js keeps a client's own X-Forwarded-For (it sets the header only when absent),
// so without this the client would choose the address in audit events and the sign-in rate limit's key. Here the
// socket peer and whether the socket is TLS are written under names of our own, over anything the client sent;
// src/server/auth/trusted-proxies.ts then believes X-Forwarded-* only from GATEHOUSE_TRUSTED_PROXIES.
// It serves HTTPS itself when GATEHOUSE_TLS_CERTIFICATE (an inventory certificate) or GATEHOUSE_TLS_CERT_FILE/
// GATEHOUSE_TLS_KEY_FILE are set: the runtime loads and renews the certificate, console-server.mjs listens.
// Env: PORT (3000; all interfaces, like `next start`), GATEHOUSE_NEXT_DIST_DIR (next.config.ts),
// GATEHOUSE_HTTP_REDIRECT_PORT (README).
// @see https://nextjs.org/docs/app/guides/custom-server
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { startConsoleServer } from './console-server.mjs';

const dir = dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.PORT || 3000);

/** A start that cannot succeed ends here, with the reason (which names the variable to change) and no stack. */
function cannotStart(e) {
  const message = (e instanceof Error ? e.message : String(e)).replace(/^An error occurred while loading instrumentation hook: /, '');
  console.error(`[console] cannot start: ${message}`);
  process.exit(1);
}

// src/instrumentation.ts opens the runtime (env checks, migrations, the TLS certificate) and settles this hand-off.
// Next.js starts it during prepare() without waiting for it, so the server waits here: nothing listens before the
// runtime is ready, and a start that cannot succeed ends with the reason instead of failing every request.
const started = Promise.withResolvers();
globalThis[Symbol.for('gatehouse.console.start')] = started;
const startTimeout = setTimeout(() => started.reject(new Error('the console runtime did not start within 10 minutes')), 600_000);
startTimeout.unref();

const app = next({ dev: false, dir, port });
await app.prepare().catch(cannotStart);
const handle = app.getRequestHandler();
const { tls } = await started.promise.catch(cannotStart);
clearTimeout(startTimeout);

const tlsWanted = Boolean(process.env.GATEHOUSE_TLS_CERTIFICATE || process.env.GATEHOUSE_TLS_CERT_FILE);
if (tlsWanted && !tls) cannotStart(new Error('GATEHOUSE_TLS_CERTIFICATE: the runtime did not load a TLS certificate'));
const redirectPort = process.env.GATEHOUSE_HTTP_REDIRECT_PORT ? Number(process.env.GATEHOUSE_HTTP_REDIRECT_PORT) : null;
if (redirectPort === port) cannotStart(new Error(`GATEHOUSE_HTTP_REDIRECT_PORT: ${redirectPort} is the console's own port (PORT); pick another`));

const { server } = await startConsoleServer({ handle, port, tls, redirectPort }).catch((e) =>
  cannotStart(new Error(`cannot listen (PORT=${port}${redirectPort !== null ? `, GATEHOUSE_HTTP_REDIRECT_PORT=${redirectPort}` : ''}): ${e.message}`)),
);
console.log(`[console] listening on port ${port} (${tls ? 'https' : 'http'})${redirectPort !== null ? `; port ${redirectPort} redirects to https` : ''}`);

// Stop taking connections and let Next.js finish what it started (start.mjs and Kubernetes send SIGTERM).
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
