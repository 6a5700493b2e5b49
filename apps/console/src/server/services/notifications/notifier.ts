import type { Logger } from '../../runtime-types';
import type { ServiceDeps } from '../deps';
import { runDetectors } from './detect';
import { dispatchDue } from './dispatcher';

/** How often pending deliveries are looked for (retries are due from 10 s on; one indexed query when idle). */
export const DISPATCH_TICK_MS = 5_000;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Runs `pass` every `ms`, never two at once; errors are logged. Unref'd: it never keeps the process alive. */
function every(ms: number, log: Logger, what: string, pass: () => Promise<unknown>): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    pass()
      .catch((e: unknown) => log.error({ err: message(e) }, `${what} failed`))
      .finally(() => {
        running = false;
      });
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The notifier in the console runtime (GATEHOUSE_NOTIFY_INTERVAL): the detectors every `intervalMs`, and the
 * dispatcher every 5 s (and right after each detector pass), so retries keep their backoff schedule whatever the
 * detector interval. With several replicas each runs both; dedupe keys and delivery leases keep every
 * notification and every delivery single. Returns a stop function.
 */
export function startNotifier(deps: ServiceDeps, log: Logger, intervalMs: number): () => void {
  const stopDetect = every(intervalMs, log, 'notification check', async () => {
    const found = await runDetectors(deps);
    if (found.created > 0) log.info({ created: found.created, types: found.types }, 'notifications recorded');
    await dispatchDue(deps);
  });
  const stopDispatch = every(Math.min(DISPATCH_TICK_MS, intervalMs), log, 'notification delivery', async () => {
    const out = await dispatchDue(deps);
    if (out.failed > 0) log.warn({ ...out }, 'notification deliveries failed for good');
  });
  return () => {
    stopDetect();
    stopDispatch();
  };
}
