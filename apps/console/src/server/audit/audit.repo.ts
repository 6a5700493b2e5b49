import type { RequestContext } from '../auth/principal';
import type { Tx } from '../store/db';
import { buildAuditRecord, GENESIS_HASH, hashAuditRecord, type AuditInput } from './audit-event';

/**
 * Appends one event inside the caller's write transaction (which holds the store's write lock, so the chain
 * has one tail). If this insert fails the whole change rolls back: no change without its audit event.
 */
export async function appendAuditEvent(tx: Tx, ctx: RequestContext, input: AuditInput, now: Date): Promise<void> {
  const last = await tx.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  const record = buildAuditRecord(ctx, input, now, last?.hash ?? GENESIS_HASH);
  await tx.auditEvent.create({ data: { ...record, hash: hashAuditRecord(record) } });
}
