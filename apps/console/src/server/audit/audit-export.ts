import { z } from 'zod';
import { authorize, type RequestContext } from '../auth/principal';
import type { ServiceDeps } from '../services/deps';
import { runWrite } from '../services/write-transaction';
import { recordToEvent, type AuditEvent } from './audit-event';
import { AuditQuerySchema, buildAuditWhere, type AuditFilter } from './audit-query';
import { appendAuditEvent } from './audit.repo';
import { csvRecord, defuseFormula } from './csv';

export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** GET /api/v1/audit-events/export: the list's filters (no paging) and a format. */
export const AuditExportQuerySchema = AuditQuerySchema.omit({ cursor: true, limit: true }).extend({
  format: z.enum(AUDIT_EXPORT_FORMATS).describe('csv (RFC 4180, with a header line) or jsonl (one event per line)'),
});
export type AuditExportQuery = z.infer<typeof AuditExportQuerySchema>;

/** CSV columns, in order; the header line names them. before/after are the stored JSON (Secret values are keyed hashes). */
export const AUDIT_CSV_COLUMNS = [
  'id', 'time', 'actorType', 'actorId', 'actorName', 'role', 'sourceIp', 'userAgent', 'requestId', 'action',
  'group', 'kind', 'namespace', 'name', 'message', 'before', 'after', 'prevHash', 'hash',
] as const;

export function auditEventToCsv(e: AuditEvent): string {
  return csvRecord([
    e.id, e.time, e.actor.type, e.actor.id, e.actor.name, e.actor.role, e.sourceIp, e.userAgent, e.requestId, e.action,
    e.group, e.kind, e.namespace, e.name, e.message,
    e.before ? JSON.stringify(e.before) : '', e.after ? JSON.stringify(e.after) : '', e.prevHash, e.hash,
  ]);
}

/**
 * One event per line, every string value defused like a CSV cell (defuseFormula), before/after included. Object
 * keys are left alone: they are the structure (column names after a JSON import), not cells. The exported text is for
 * reading and spreadsheets; the chain is verified from the database (GET /audit-events/verify), where the
 * values are unchanged.
 */
export function auditEventToJsonLine(e: AuditEvent): string {
  return `${JSON.stringify(e, (_key, value: unknown) => (typeof value === 'string' ? defuseFormula(value) : value))}\n`;
}

export const AUDIT_EXPORT_CONTENT_TYPES: Record<AuditExportFormat, string> = {
  // RFC 4180 §3 registers text/csv with the optional `header` parameter.
  csv: 'text/csv; charset=utf-8; header=present',
  jsonl: 'application/jsonl; charset=utf-8',
};

/** Rows read per database round trip: memory stays flat however large the export. */
const BATCH = 500;

function describeFilter(f: AuditFilter): string {
  const parts = Object.entries(f).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${String(v) || '""'}`);
  return parts.length ? parts.join(', ') : 'no filters';
}

export interface AuditExport {
  /** The events, newest first, as they are read: the body of a streaming response. */
  body: ReadableStream<Uint8Array>;
  contentType: string;
  fileName: string;
}

/**
 * Exports every event matching the filter, newest first. The export is itself audited (action `export`) before the
 * first byte is sent, so a download cut short is still on record. The set is fixed when the export starts: events
 * written meanwhile, the export's own event included, are not part of it (the cut-off is the newest id at start).
 */
export async function exportAuditEvents(deps: ServiceDeps, ctx: RequestContext, q: AuditExportQuery): Promise<AuditExport> {
  authorize(ctx, 'audit.read');
  const { format, ...filter } = q;
  const newest = await deps.db.prisma.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  const now = deps.now();
  await runWrite(deps, {}, (tx) =>
    appendAuditEvent(tx, ctx, {
      action: 'export',
      ref: { group: 'gatehouse.dev', kind: 'AuditEvent', namespace: filter.namespace ?? '', name: '' },
      message: `exported the audit log as ${format === 'csv' ? 'CSV' : 'JSON Lines'} (${describeFilter(filter)})`,
    }, now),
  );
  const encode = format === 'csv' ? auditEventToCsv : auditEventToJsonLine;
  const utf8 = new TextEncoder();
  let cursor = (newest?.id ?? 0) + 1;
  let headerSent = format !== 'csv';
  const body = new ReadableStream<Uint8Array>({
    // pull: the next batch is read only when the client has taken the previous one (back-pressure).
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(utf8.encode(csvRecord(AUDIT_CSV_COLUMNS)));
        return;
      }
      const rows = await deps.db.prisma.auditEvent.findMany({ where: buildAuditWhere(filter, cursor), orderBy: { id: 'desc' }, take: BATCH });
      if (rows.length === 0) {
        controller.close();
        return;
      }
      cursor = rows[rows.length - 1]!.id;
      controller.enqueue(utf8.encode(rows.map((r) => encode(recordToEvent(r))).join('')));
      if (rows.length < BATCH) controller.close();
    },
  }, { highWaterMark: 1 });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return { body, contentType: AUDIT_EXPORT_CONTENT_TYPES[format], fileName: `audit-events-${stamp}.${format}` };
}
