import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { WorkerProbeResultSchema, type WorkerProbeRequestInput, type WorkerProbeResult } from '@gatehouse/domain/probe/worker-probe.schema';

/** Upstream timeout plus the worker's own work and the two hops. */
const SLACK_MS = 3000;

/**
 * Asks a worker's admin endpoint to probe one upstream: `POST {adminAddress}/probe` with the worker token as a
 * bearer (ARCHITECTURE.md, "Worker probe"). The answer is validated at this boundary. Failures to reach or be
 * accepted by the worker are DomainError('unavailable') in words an operator can act on.
 */
export async function callWorkerProbe(adminAddress: string, token: string, request: WorkerProbeRequestInput): Promise<WorkerProbeResult> {
  const url = `${adminAddress.replace(/\/+$/, '')}/probe`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout((request.timeoutMs ?? 5000) + SLACK_MS),
    });
  } catch (e) {
    const why = e instanceof Error ? (e.name === 'TimeoutError' ? 'it did not answer in time' : ((e.cause as Error | undefined)?.message ?? e.message)) : String(e);
    throw new DomainError('unavailable', `cannot reach the worker's admin endpoint ${adminAddress}: ${why}`);
  }
  const text = await res.text();
  if (res.status === 401) {
    throw new DomainError('unavailable', `the worker at ${adminAddress} refused the console's worker token (a worker with a token of its own cannot be probed through this console)`);
  }
  if (res.status === 404 || res.status === 405) throw new DomainError('unavailable', `the worker at ${adminAddress} has no probe endpoint (an older worker?)`);
  if (!res.ok) throw new DomainError('unavailable', `the worker's probe answered ${res.status}: ${text.slice(0, 300)}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DomainError('unavailable', `the worker's probe answered something that is not JSON`);
  }
  const parsed = WorkerProbeResultSchema.safeParse(body);
  if (!parsed.success) throw new DomainError('unavailable', `the worker's probe answer has an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}
