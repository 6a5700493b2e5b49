import { authorize } from '../auth/principal';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { AuditExportQuerySchema, exportAuditEvents } from '../audit/audit-export';
import type { RouteDef } from './route-def';

/**
 * Audit log downloads. Listing and chain verification stay in ops.routes.ts; the export is here because it
 * streams (the whole filtered log can be larger than memory should hold).
 */
export function auditRoutes(): RouteDef[] {
  return [
    {
      method: 'GET', path: '/audit-events/export', operationId: 'exportAuditEvents', tag: 'Audit', authenticated: true,
      summary: 'Download the filtered audit log, newest first, as CSV (RFC 4180) or JSON Lines; streamed; the export is itself audited',
      query: AuditExportQuerySchema,
      response: { status: 200, description: 'CSV with a header line, or one JSON event per line', contentType: 'text/csv' },
      handle: async ({ query, ctx, rt }) => {
        authorize(ctx, 'audit.read'); // before the query is judged: a caller without the role learns only that
        const q = parseOrThrow(AuditExportQuerySchema, query, 'query');
        const out = await exportAuditEvents(rt, ctx, q);
        return new Response(out.body, {
          status: 200,
          headers: {
            'content-type': out.contentType,
            'content-disposition': `attachment; filename="${out.fileName}"`,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          },
        });
      },
    },
  ];
}
