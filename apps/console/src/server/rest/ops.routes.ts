import { z } from 'zod';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { parseManifests } from '@gatehouse/domain/manifest/parse-manifests';
import { AuditPruneSchema, pruneAuditEventsRequest } from '../audit/audit-retention';
import { AuditQuerySchema, listAuditEvents, verifyAuditChain } from '../audit/audit-query';
import { authorize } from '../auth/principal';
import { CreateTokenSchema, createToken, listTokens, revokeToken } from '../auth/token.service';
import { FeedQuerySchema, listWorkers, recordWorkerReport, waitForSnapshot, WorkerReportSchema } from '../feed/feed.service';
import { applyObjects } from '../services/apply.service';
import { exportObjects } from '../services/export.service';
import { assertManifestContentType, bodyKindOf, jsonResponse, manifestKindOf, parseJsonBody, readBodyText } from './http';
import { DryRunQuery, isDryRun } from './query-schemas';
import type { RouteDef } from './route-def';

const ApplyQuery = DryRunQuery.extend({
  namespace: z.string().optional().describe('namespace for objects that name none (kubectl -n); default `default`'),
});

const ApplyResultSchema = z.object({
  dryRun: z.boolean(),
  results: z.array(z.object({ apiVersion: z.string(), kind: z.string(), namespace: z.string().optional(), name: z.string(), outcome: z.enum(['created', 'configured', 'unchanged']) })),
});

const ExportQuery = z.object({
  namespace: z.string().optional().describe('only this namespace (and the Namespace object itself)'),
  includeSecretValues: z.enum(['true', 'false']).optional().describe('admins only; audited'),
});

const AuditEventSchema = z.object({
  id: z.number(), time: z.string(), actor: z.object({ type: z.string(), id: z.string(), name: z.string(), role: z.string() }),
  sourceIp: z.string(), userAgent: z.string(), requestId: z.string(), action: z.string(), group: z.string(), kind: z.string(),
  namespace: z.string(), name: z.string(), before: z.unknown(), after: z.unknown(), message: z.string().nullable(), prevHash: z.string(), hash: z.string(),
});

const ArchivedHeadSchema = z.object({ lastId: z.number().describe('id of the last pruned event'), lastHash: z.string().describe('its hash: the first remaining event\'s prevHash') });

const ChainVerificationSchema = z.object({
  intact: z.boolean(), checked: z.number().describe('events recomputed'),
  firstBrokenId: z.number().optional().describe('the first event that does not fit'), reason: z.string().optional().describe('why: edited, deleted or reordered events, or a changed archived head'),
  lastHash: z.string(), lastId: z.number().optional(), archivedHead: ArchivedHeadSchema.optional().describe('where the chain starts once older events were pruned'),
});

const TokenInfoSchema = z.object({
  id: z.string(), name: z.string(), prefix: z.string(), role: z.string(), createdBy: z.string(), createdAt: z.string(),
  expiresAt: z.string().nullable(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable(),
});

export function opsRoutes(): RouteDef[] {
  return [
    {
      method: 'POST', path: '/apply', operationId: 'apply', tag: 'Apply', authenticated: true,
      summary: 'Create or update many objects, all or nothing (multi-document YAML, a JSON array or a List)',
      query: ApplyQuery, body: { yaml: true, schema: z.array(z.record(z.string(), z.unknown())), description: 'application/yaml (multi-document) or application/json (object, array or List)' },
      response: { status: 200, description: 'outcome per object', schema: ApplyResultSchema },
      handle: async ({ req, query, ctx, rt }) => {
        const q = parseOrThrow(ApplyQuery, query, 'query');
        assertManifestContentType(req.headers.get('content-type'));
        const text = await readBodyText(req);
        const kind = manifestKindOf(req.headers.get('content-type'), text);
        if (kind === 'json') parseJsonBody(text); // a precise JSON syntax error before anything else
        const docs = parseManifests(text, kind);
        return jsonResponse(200, await applyObjects(rt, ctx, docs, { dryRun: isDryRun(query), ...(q.namespace ? { defaultNamespace: q.namespace } : {}) }));
      },
    },
    {
      method: 'GET', path: '/export', operationId: 'export', tag: 'Apply', authenticated: true,
      summary: 'Every stored object as multi-document YAML that apply takes back unchanged',
      query: ExportQuery, response: { status: 200, description: 'multi-document YAML', contentType: 'application/yaml' },
      handle: async ({ query, ctx, rt }) => {
        const q = parseOrThrow(ExportQuery, query, 'query');
        const yaml = await exportObjects(rt, ctx, { ...(q.namespace !== undefined ? { namespace: q.namespace } : {}), includeSecretValues: q.includeSecretValues === 'true' });
        return new Response(yaml, { status: 200, headers: { 'content-type': 'application/yaml; charset=utf-8' } });
      },
    },
    {
      method: 'GET', path: '/audit-events', operationId: 'listAuditEvents', tag: 'Audit', authenticated: true,
      summary: 'Audit events, newest first, with filters and cursor paging', query: AuditQuerySchema,
      response: { status: 200, description: 'a page of events', schema: z.object({ items: z.array(AuditEventSchema), nextCursor: z.number().optional() }) },
      handle: async ({ query, ctx, rt }) => jsonResponse(200, await listAuditEvents(rt.db, ctx, parseOrThrow(AuditQuerySchema, query, 'query'))),
    },
    {
      method: 'GET', path: '/audit-events/verify', operationId: 'verifyAuditChain', tag: 'Audit', authenticated: true,
      summary: 'Recompute the hash chain and report whether it is intact',
      response: { status: 200, description: 'verification result: intact, or the first broken event and why', schema: ChainVerificationSchema },
      handle: async ({ ctx, rt }) => jsonResponse(200, await verifyAuditChain(rt.db, ctx)),
    },
    {
      method: 'POST', path: '/audit-events/prune', operationId: 'pruneAuditEvents', tag: 'Audit', authenticated: true,
      summary: 'Delete events older than N days (admins); the archived head keeps the rest verifiable and the prune is audited',
      body: { schema: AuditPruneSchema, description: '`olderThanDays`, default GATEHOUSE_AUDIT_RETENTION_DAYS' },
      response: { status: 200, description: 'events pruned and the new archived head', schema: z.object({ pruned: z.number(), archivedHead: ArchivedHeadSchema.optional(), pruneEventId: z.number().optional(), olderThan: z.string() }) },
      handle: async ({ req, ctx, rt }) => {
        authorize(ctx, 'audit.manage'); // before the body is read: a viewer learns nothing from validation errors
        const text = await readBodyText(req);
        if (text.trim() !== '') bodyKindOf(req.headers.get('content-type'), ['json']);
        const input = parseOrThrow(AuditPruneSchema, text.trim() === '' ? {} : parseJsonBody(text), 'body');
        return jsonResponse(200, await pruneAuditEventsRequest(rt, ctx, input));
      },
    },
    {
      method: 'GET', path: '/tokens', operationId: 'listTokens', tag: 'Tokens', authenticated: true,
      summary: 'API tokens (admins)', response: { status: 200, description: 'tokens, never their values', schema: z.object({ items: z.array(TokenInfoSchema) }) },
      handle: async ({ ctx, rt }) => jsonResponse(200, { items: await listTokens(rt, ctx) }),
    },
    {
      method: 'POST', path: '/tokens', operationId: 'createToken', tag: 'Tokens', authenticated: true,
      summary: 'Create an API token (admins); the value is in this answer only', body: { schema: CreateTokenSchema, description: 'name, role, optional lifetime' },
      response: { status: 201, description: 'the token, with its value', schema: TokenInfoSchema.extend({ token: z.string() }) },
      handle: async ({ req, ctx, rt }) => {
        // The role before the body: a caller who may not make tokens learns that, not the form's rules.
        authorize(ctx, 'tokens.manage');
        bodyKindOf(req.headers.get('content-type'), ['json']);
        const input = parseOrThrow(CreateTokenSchema, parseJsonBody(await readBodyText(req)), 'token');
        return jsonResponse(201, await createToken(rt, ctx, input));
      },
    },
    {
      method: 'DELETE', path: '/tokens/{id}', operationId: 'revokeToken', tag: 'Tokens', authenticated: true,
      summary: 'Revoke an API token (admins)', response: { status: 200, description: 'the revoked token', schema: TokenInfoSchema },
      handle: async ({ params, ctx, rt }) => jsonResponse(200, await revokeToken(rt, ctx, params.id!)),
    },
    {
      method: 'GET', path: '/feed/snapshot', operationId: 'feedSnapshot', tag: 'Feed', authenticated: true,
      summary: 'Long-poll for the configuration snapshot (workers): 200 with the snapshot when the revision differs from `after`, 204 after `wait` seconds without a change',
      query: FeedQuerySchema, response: { status: 200, description: 'ConfigSnapshot {revision, objects}', schema: z.object({ revision: z.number(), objects: z.array(z.record(z.string(), z.unknown())) }) },
      handle: async ({ req, query, ctx, rt }) => {
        const q = parseOrThrow(FeedQuerySchema, query, 'query');
        const json = await waitForSnapshot(rt, ctx, q, req.signal);
        return json === undefined ? new Response(null, { status: 204 }) : new Response(json, { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
      },
    },
    {
      method: 'POST', path: '/feed/status', operationId: 'reportWorkerStatus', tag: 'Feed', authenticated: true,
      summary: 'A worker reports the revision it enforces and its listeners', body: { schema: WorkerReportSchema, description: 'worker report' },
      response: { status: 204, description: 'recorded' },
      handle: async ({ req, ctx, rt }) => {
        authorize(ctx, 'feed.read'); // before the body, as above
        await recordWorkerReport(rt, ctx, parseOrThrow(WorkerReportSchema, parseJsonBody(await readBodyText(req)), 'report'));
        return new Response(null, { status: 204 });
      },
    },
    {
      method: 'GET', path: '/workers', operationId: 'listWorkers', tag: 'Feed', authenticated: true,
      summary: 'Workers that fetched the feed and the revision each enforces',
      response: { status: 200, description: 'workers', schema: z.object({ items: z.array(z.record(z.string(), z.unknown())) }) },
      handle: async ({ ctx, rt }) => jsonResponse(200, { items: await listWorkers(rt, ctx) }),
    },
  ];
}
