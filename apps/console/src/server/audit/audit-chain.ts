import type { Tx } from '../store/db';
import { GENESIS_HASH, hashAuditRecord } from './audit-event';

/**
 * The archived head: where the stored chain starts once older events were pruned. It holds the id and hash of the
 * last pruned event, so the first remaining event's prevHash can still be checked. It is kept in `InstanceSetting`
 * (one row, so pruning needs no schema change) and is itself part of the verifiable story: every prune appends an
 * `audit.prune` event whose `after` records the same checkpoint, hashed into the chain. A head that was edited (to
 * hide more deleted events) no longer matches the newest prune event, and a forged prune event breaks the hashes.
 */
export const ARCHIVED_HEAD_KEY = 'audit-archived-head';

export interface ArchivedHead {
  /** Id (sequence number) of the last pruned event. */
  lastId: number;
  /** Its hash: the prevHash the first remaining event must carry. */
  lastHash: string;
}

/** The checkpoint object a prune event carries as `after` (KubeObject-shaped, so the audit page shows it as a diff). */
export interface CheckpointObject {
  apiVersion: 'gatehouse.dev/v1';
  kind: 'AuditCheckpoint';
  metadata: { name: 'archived-head' };
  spec: ArchivedHead & { pruned: number; olderThan: string };
}

/** The two tables verification reads; a Prisma client or a transaction client. */
export type ChainReader = Pick<Tx, 'auditEvent' | 'instanceSetting'>;

export interface ChainVerification {
  intact: boolean;
  /** Events whose hash and link were recomputed. */
  checked: number;
  /** The first event whose hash or link does not match, when the chain is broken. */
  firstBrokenId?: number;
  reason?: string;
  /** Hash of the last event checked (the head's hash when none remain): record it elsewhere to detect truncation. */
  lastHash: string;
  /** Id of the last event checked. */
  lastId?: number;
  /** Where the stored chain starts when older events were pruned. */
  archivedHead?: ArchivedHead;
}

const HASH = /^[0-9a-f]{64}$/;

function parseHead(value: string): ArchivedHead | undefined {
  try {
    const v = JSON.parse(value) as Partial<ArchivedHead>;
    if (Number.isInteger(v.lastId) && (v.lastId as number) > 0 && typeof v.lastHash === 'string' && HASH.test(v.lastHash)) {
      return { lastId: v.lastId as number, lastHash: v.lastHash };
    }
  } catch {
    // falls through: a head that is not JSON is as broken as one with wrong fields
  }
  return undefined;
}

export async function readArchivedHead(client: Pick<Tx, 'instanceSetting'>): Promise<ArchivedHead | null | 'malformed'> {
  const row = await client.instanceSetting.findUnique({ where: { key: ARCHIVED_HEAD_KEY } });
  if (!row) return null;
  return parseHead(row.value) ?? 'malformed';
}

/** The checkpoint a prune event recorded, or undefined when its `after` is not one. */
function checkpointOf(after: string | null): ArchivedHead | undefined {
  if (!after) return undefined;
  try {
    const o = JSON.parse(after) as Partial<CheckpointObject>;
    return o.kind === 'AuditCheckpoint' && o.spec ? parseHead(JSON.stringify(o.spec)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Recomputes every hash in id order from the archived head (or the genesis hash) and names the first event that
 * does not fit, with why:
 * - its stored hash differs from its content → the event was edited;
 * - its prevHash differs from the previous event's hash → an event in between was deleted, or events were
 *   reordered (ids swapped); the hash covers the content, not the id, so a swap shows as a broken link;
 * - the first event does not continue from the archived head / the genesis hash → events were removed from the
 *   start without a prune, or the head was changed;
 * - the archived head differs from the checkpoint the newest prune event recorded.
 * Deleting the newest events leaves a shorter chain that is still consistent: compare `lastId`/`lastHash` with a
 * value recorded elsewhere to detect that. Pages of 1,000 keep memory flat.
 */
export async function verifyChain(client: ChainReader): Promise<ChainVerification> {
  const head = await readArchivedHead(client);
  if (head === 'malformed') {
    const first = await client.auditEvent.findFirst({ orderBy: { id: 'asc' }, select: { id: true } });
    return { intact: false, checked: 0, ...(first ? { firstBrokenId: first.id } : {}), reason: `the archived head (InstanceSetting ${ARCHIVED_HEAD_KEY}) is not a valid checkpoint`, lastHash: GENESIS_HASH };
  }
  const start = head ?? undefined;
  const base = { ...(start ? { archivedHead: start } : {}) };
  if (start) {
    // Pruning deletes every event up to the head; one still there (or put back) at or below it is out of place.
    const stray = await client.auditEvent.findFirst({ where: { id: { lte: start.lastId } }, orderBy: { id: 'asc' }, select: { id: true } });
    if (stray) {
      return { ...base, intact: false, checked: 0, firstBrokenId: stray.id, reason: `event ${stray.id} is at or below the archived head (event ${start.lastId}), which pruning removed: it was inserted or renumbered`, lastHash: start.lastHash };
    }
  }
  let prev = start?.lastHash ?? GENESIS_HASH;
  let prevId: number | undefined;
  let checked = 0;
  let after = start?.lastId ?? 0;
  let firstId: number | undefined;
  let newestCheckpoint: { id: number; head: ArchivedHead | undefined } | undefined;
  for (;;) {
    const rows = await client.auditEvent.findMany({ where: { id: { gt: after } }, orderBy: { id: 'asc' }, take: 1000 });
    if (rows.length === 0) break;
    for (const row of rows) {
      const { id, hash, ...record } = row;
      const broken = (reason: string): ChainVerification => ({ ...base, intact: false, checked, firstBrokenId: id, reason, lastHash: prev, ...(prevId !== undefined ? { lastId: prevId } : {}) });
      if (record.prevHash !== prev) {
        if (prevId !== undefined) {
          return broken(`prevHash does not match the hash of event ${prevId} before it: an event between them was deleted, or events were reordered`);
        }
        return broken(start
          ? `the first remaining event does not continue from the archived head (event ${start.lastId}): events after the head were deleted, or the head was changed`
          : 'the first event does not start from the genesis hash and there is no archived head: earlier events were deleted, or events were reordered');
      }
      if (hashAuditRecord(record) !== hash) return broken('the stored hash does not match the event\'s content: the event was changed');
      if (record.action === 'audit.prune') newestCheckpoint = { id, head: checkpointOf(record.after) };
      prev = hash;
      prevId = id;
      firstId ??= id;
      checked++;
      after = id;
    }
  }
  const done = { ...base, checked, lastHash: prev, ...(prevId !== undefined ? { lastId: prevId } : {}) };
  if (start) {
    // The head must be the one the newest (hashed, so unforgeable) prune event recorded.
    if (!newestCheckpoint) {
      return { ...done, intact: false, ...(firstId !== undefined ? { firstBrokenId: firstId } : {}), reason: 'there is an archived head but no prune event in the chain records it: the head was planted or its prune event deleted' };
    }
    const c = newestCheckpoint.head;
    if (!c || c.lastId !== start.lastId || c.lastHash !== start.lastHash) {
      return { ...done, intact: false, firstBrokenId: newestCheckpoint.id, reason: `the archived head (event ${start.lastId}) is not the checkpoint prune event ${newestCheckpoint.id} recorded${c ? ` (event ${c.lastId})` : ''}: the head was changed` };
    }
  }
  return { ...done, intact: true };
}
