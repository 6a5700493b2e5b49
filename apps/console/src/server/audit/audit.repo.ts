import type { RequestContext } from '../auth/principal';
import type { Tx } from '../store/db';
import { readArchivedHead } from './audit-chain';
import { buildAuditRecord, GENESIS_HASH, hashAuditRecord, type AuditInput } from './audit-event';

/**
 * Appends one event inside the caller's write transaction (which holds the store's write lock, so the chain
 * has one tail). If this insert fails the whole change rolls back: no change without its audit event.
 */
export async function appendAuditEvent(tx: Tx, ctx: RequestContext, input: AuditInput, now: Date): Promise<void> {
  const last = await tx.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  const record = buildAuditRecord(ctx, input, now, last?.hash ?? (await chainStart(tx)));
  await tx.auditEvent.create({ data: { ...record, hash: hashAuditRecord(record) } });
}

/** Where a chain with no stored event continues: the archived head once events were pruned, else the genesis hash.
 * (A prune keeps its own event, so this matters only for a table emptied some other way.) */
async function chainStart(tx: Tx): Promise<string> {
  const head = await readArchivedHead(tx);
  return head && head !== 'malformed' ? head.lastHash : GENESIS_HASH;
}
