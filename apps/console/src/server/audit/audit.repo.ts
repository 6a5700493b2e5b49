import type { RequestContext } from '../auth/principal';
import type { Tx } from '../store/db';
import { readArchivedHead } from './audit-chain';
import { buildAuditRecord, GENESIS_HASH, hashAuditRecord, type AuditInput } from './audit-event';

/**
 * Appends one event inside the caller's write transaction (which holds the store's write lock, so the chain
 * has one tail). If this insert fails the whole change rolls back: no change without its audit event.
 */
export async function appendAuditEvent(tx: Tx, ctx: RequestContext, input: AuditInput, now: Date): Promise<void> {
  const prev = chainTails.get(tx) ?? (await tx.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } }))?.hash ?? (await chainStart(tx));
  const record = buildAuditRecord(ctx, input, now, prev);
  const hash = hashAuditRecord(record);
  await tx.auditEvent.create({ data: { ...record, hash } });
  chainTails.set(tx, hash);
}

/**
 * The hash of the last event appended in each open write transaction: the transaction holds the write lock, so no
 * one else can append meanwhile, and an apply of N objects reads the tail once instead of N times. Keyed weakly by
 * the transaction client (Prisma makes one per transaction), so nothing outlives it.
 */
const chainTails = new WeakMap<Tx, string>();

/** Where a chain with no stored event continues: the archived head once events were pruned, else the genesis hash.
 * (A prune keeps its own event, so this matters only for a table emptied some other way.) */
async function chainStart(tx: Tx): Promise<string> {
  const head = await readArchivedHead(tx);
  return head && head !== 'malformed' ? head.lastHash : GENESIS_HASH;
}
