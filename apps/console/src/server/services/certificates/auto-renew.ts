import { systemContext } from '../../auth/principal';
import type { Logger } from '../../runtime-types';
import type { ServiceDeps } from '../deps';
import { notifyRenewalFailed } from '../notifications/record';
import { isRowRenewalDue } from './certificate-view';
import { renewCertificate } from './renew.service';

export interface AutoRenewOutcome {
  renewed: { from: string; to: string }[];
  failed: { id: string; error: string }[];
}

/**
 * Renews every certificate whose auto-renew is on and whose time has come (2/3 of its lifetime, see
 * renewal-schedule.ts), as the system principal: each renewal is audited and its bound Secrets follow. One
 * failure does not stop the others; it is reported and retried on the next pass.
 */
export async function renewDueCertificates(deps: ServiceDeps, log?: Logger): Promise<AutoRenewOutcome> {
  const now = deps.now();
  const candidates = await deps.db.prisma.certificate.findMany({ where: { autoRenew: true, revokedAt: null, supersededById: null } });
  const outcome: AutoRenewOutcome = { renewed: [], failed: [] };
  // Issuers first: a CA renewed in this pass is the issuer its leaves renew from (newestInLineage).
  const due = candidates.filter((row) => isRowRenewalDue(row, now)).sort((a, b) => Number(b.isCA) - Number(a.isCA));
  for (const row of due) {
    try {
      const next = await renewCertificate(deps, systemContext('auto-renew'), row.id, {});
      outcome.renewed.push({ from: row.id, to: next.id });
      log?.info({ certificate: row.id, renewedAs: next.id, name: row.name }, 'certificate auto-renewed');
    } catch (e) {
      outcome.failed.push({ id: row.id, error: e instanceof Error ? e.message : String(e) });
      log?.warn({ certificate: row.id, name: row.name, err: e instanceof Error ? e.message : String(e) }, 'certificate auto-renewal failed');
      await notifyRenewalFailed(deps, row, e instanceof Error ? e.message : String(e), log);
    }
  }
  return outcome;
}

/**
 * Checks for due renewals every `intervalMs` (unref'd: it never keeps the process alive). Returns a stop function.
 * Passes do not overlap; an error in a pass is logged, not thrown.
 */
export function startAutoRenew(deps: ServiceDeps, log: Logger, intervalMs: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    renewDueCertificates(deps, log)
      .catch((e: unknown) => log.error({ err: e instanceof Error ? e.message : String(e) }, 'auto-renew pass failed'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
