/**
 * Next.js start-up hook: open, migrate and bootstrap before the first request instead of during it. It runs inside
 * `app.prepare()` in apps/console/server.mjs, in the same process, which is how the server gets the certificate to
 * serve HTTPS with: the runtime loads it (tls/console-tls.ts) and it is handed over on globalThis, the one thing the
 * plain-JS server and the bundled runtime share.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getRuntime } = await import('./server/runtime');
    const rt = await getRuntime();
    (globalThis as Record<symbol, unknown>)[Symbol.for('gatehouse.console.tls')] = rt.consoleTls ?? null;
  }
}
