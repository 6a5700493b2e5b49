/** What apps/console/server.mjs leaves on globalThis for this hook to settle (see register). */
interface StartHandoff {
  resolve(value: { tls: unknown }): void;
  reject(reason: unknown): void;
}

/**
 * Next.js start-up hook: open, migrate and bootstrap before the first request instead of during it.
 * Under apps/console/server.mjs it runs in the same process, started (not awaited) by Next.js's server constructor
 * during `app.prepare()`. The server waits on the hand-off it put on globalThis — the one thing the plain-JS server and
 * the bundled runtime share — for the runtime to be ready, and gets from it the certificate to serve HTTPS with
 * (tls/console-tls.ts), or the reason the console cannot start.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const handoff = (globalThis as Record<symbol, StartHandoff | undefined>)[Symbol.for('gatehouse.console.start')];
    try {
      const { getRuntime } = await import('./server/runtime');
      const rt = await getRuntime();
      handoff?.resolve({ tls: rt.consoleTls ?? null });
    } catch (e) {
      handoff?.reject(e);
      throw e;
    }
  }
}
