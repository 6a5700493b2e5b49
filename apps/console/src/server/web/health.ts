import { asDomainError, DATABASE_RETRY_AFTER_SECONDS } from '@gatehouse/domain/errors/error-table';
import type { ConsoleRuntime, Logger } from '../runtime-types';
import { readRevision } from '../store/revision';

/** The reasons GET /api/healthz gives with a 503: a fixed vocabulary, so probes and dashboards can match on it. */
export type HealthReason = 'database unavailable' | 'not started';

export type HealthBody = { status: 'ok'; database: 'sqlite' | 'postgresql'; revision: number } | { status: 'unavailable'; reason: HealthReason };

/**
 * The answer of GET /api/healthz (liveness and readiness: the runtime started, migrations ran, the database answers).
 * The route needs no token, so whoever reaches the port reads it: a failure answers a stable reason and never the
 * driver's text, which names database hosts, ports, users and file paths (issue 11 §6, "clear 503s"). The detail goes
 * to the console's log, where the operator looks. Retry-After as the API says it for the same outage (error-table.ts).
 * `fallbackLog` is for when the runtime (and so its logger) could not be had.
 */
export async function healthAnswer(getRuntime: () => Promise<ConsoleRuntime>, fallbackLog: Pick<Logger, 'warn'>): Promise<Response> {
  let rt: ConsoleRuntime;
  try {
    rt = await getRuntime();
  } catch (err) {
    // The runtime opens the database and migrates it first: an outage there is the database's, anything else is
    // a start that did not finish (its reason is in the log, with the variable to change).
    const reason: HealthReason = asDomainError(err)?.code === 'unavailable' ? 'database unavailable' : 'not started';
    fallbackLog.warn({ err }, `health check: the console runtime is not available (${reason})`);
    return unavailable(reason);
  }
  try {
    return Response.json({ status: 'ok', database: rt.db.provider, revision: await readRevision(rt.db) } satisfies HealthBody);
  } catch (err) {
    rt.log.warn({ err }, 'health check: the database did not answer');
    return unavailable('database unavailable');
  }
}

function unavailable(reason: HealthReason): Response {
  return Response.json({ status: 'unavailable', reason } satisfies HealthBody, { status: 503, headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) } });
}
