import { z } from 'zod';
import { authorize, type RequestContext } from '../auth/principal';
import type { Db } from '../store/db';
import { verifyChain, type ChainVerification } from './audit-chain';
import { recordToEvent, type AuditEvent } from './audit-event';

export type { ChainVerification } from './audit-chain';

/** Filters of GET /api/v1/audit-events (also the tRPC input). Newest first; `cursor` is the last id seen. */
export const AuditQuerySchema = z.object({
  actor: z.string().min(1).optional().describe('actor name or id'),
  action: z.string().min(1).optional(),
  kind: z.string().min(1).optional(),
  namespace: z.string().optional(),
  name: z.string().min(1).optional(),
  since: z.iso.datetime({ offset: true }).optional().describe('RFC 3339 time, inclusive'),
  until: z.iso.datetime({ offset: true }).optional().describe('RFC 3339 time, exclusive'),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export interface AuditPage {
  items: AuditEvent[];
  /** Pass as `cursor` to get the next (older) page; absent on the last page. */
  nextCursor?: number;
}

/** The filters of an audit query, without paging. Shared by the list and the export, so both select the same events. */
export type AuditFilter = Omit<AuditQuery, 'cursor' | 'limit'>;

/** The Prisma `where` for a filter; `before` keeps ids below it (the cursor, newest first). */
export function buildAuditWhere(q: AuditFilter, before?: number) {
  return {
    ...(q.actor ? { OR: [{ actorName: q.actor }, { actorId: q.actor }] } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.namespace !== undefined ? { namespace: q.namespace } : {}),
    ...(q.name ? { name: q.name } : {}),
    ...(q.since || q.until
      ? { time: { ...(q.since ? { gte: new Date(q.since) } : {}), ...(q.until ? { lt: new Date(q.until) } : {}) } }
      : {}),
    ...(before ? { id: { lt: before } } : {}),
  };
}

export async function listAuditEvents(db: Db, ctx: RequestContext, q: AuditQuery): Promise<AuditPage> {
  authorize(ctx, 'audit.read');
  const where = buildAuditWhere(q, q.cursor);
  const rows = await db.prisma.auditEvent.findMany({ where, orderBy: { id: 'desc' }, take: q.limit + 1 });
  const page = rows.slice(0, q.limit).map(recordToEvent);
  const last = page[page.length - 1];
  return rows.length > q.limit && last ? { items: page, nextCursor: last.id } : { items: page };
}

/** Recomputes the hash chain (audit-chain.ts says what each break means). */
export async function verifyAuditChain(db: Db, ctx: RequestContext): Promise<ChainVerification> {
  authorize(ctx, 'audit.read');
  return verifyChain(db.prisma);
}
