/**
 * `npm run audit:prune -- <days>`: deletes audit events older than <days> days (default GATEHOUSE_AUDIT_RETENTION_DAYS)
 * behind an archived head, exactly as POST /api/v1/audit-events/prune does, audited as `audit.prune` by the system
 * actor `audit:prune`. Uses DATABASE_URL / GATEHOUSE_DATA_DIR like the console; safe while it runs (write lock).
 */
import { openDatabase } from '@gatehouse/db/open-database';
import { migrate } from '@gatehouse/db/migrate';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { systemContext } from '../apps/console/src/server/auth/principal';
import { readConsoleEnv } from '../apps/console/src/server/env';
import { RevisionBus } from '../apps/console/src/server/feed/revision-bus';
import { loadMasterKey } from '../apps/console/src/server/secrets/master-key';
import { pruneAuditEventsRequest } from '../apps/console/src/server/audit/audit-retention';

async function main(): Promise<void> {
  const env = readConsoleEnv();
  const arg = process.argv[2];
  const days = arg === undefined ? undefined : Number(arg);
  if (days !== undefined && !(Number.isInteger(days) && days >= 1)) throw new Error(`days must be a whole number ≥ 1, got ${arg}`);
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.dataDir });
  try {
    await migrate(db);
    const deps = { db, key: loadMasterKey({ envValue: env.GATEHOUSE_MASTER_KEY, dataDir: env.dataDir }), bus: new RevisionBus(), now: () => new Date(), auditRetentionDays: env.GATEHOUSE_AUDIT_RETENTION_DAYS };
    const r = await pruneAuditEventsRequest(deps, systemContext('audit:prune'), days === undefined ? {} : { olderThanDays: days });
    console.log(r.archivedHead
      ? `pruned ${r.pruned} event(s) written before ${r.olderThan}; archived head: event ${r.archivedHead.lastId} (${r.archivedHead.lastHash}), recorded by event ${r.pruneEventId}`
      : `nothing to prune: no event was written before ${r.olderThan}`);
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(`audit:prune: ${isDomainError(e) ? `${e.message}${e.details?.length ? ` (${e.details.map((d) => d.message).join('; ')})` : ''}` : e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
