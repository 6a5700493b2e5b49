import { z } from 'zod';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import type { KindInfo } from '@gatehouse/domain/registry/kind-info';
import { KINDS } from '@gatehouse/domain/registry/kinds';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { parseManifests } from '@gatehouse/domain/manifest/parse-manifests';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { createObject, deleteObject, getObject, listObjects, replaceObject, type ObjectLocation } from '../services/resource.service';
import { assertManifestContentType, jsonResponse, manifestKindOf, parseJsonBody, readBodyText } from './http';
import { DryRunQuery, isDryRun, ListQuery, listFilterOf } from './query-schemas';
import type { HandlerInput, RouteDef } from './route-def';

/** A single object from a POST/PUT body, JSON or YAML (one document). */
async function readObjectBody(req: Request): Promise<unknown> {
  assertManifestContentType(req.headers.get('content-type'));
  const text = await readBodyText(req);
  const kind = manifestKindOf(req.headers.get('content-type'), text);
  if (kind === 'json') return parseJsonBody(text);
  const docs = parseManifests(text, 'yaml');
  if (docs.length !== 1) throw new DomainError('invalid', `expected one object, the body holds ${docs.length}; use POST /api/v1/apply for several`, [{ path: '(body)', message: 'one document expected' }]);
  return docs[0];
}

function listSchema(k: KindInfo) {
  return z.object({
    apiVersion: z.string(),
    kind: z.literal(`${k.kind}List`),
    metadata: z.object({ resourceVersion: z.string(), continue: z.string().optional() }),
    items: z.array(k.schema),
  });
}

function toList(k: KindInfo, items: KubeObject[], revision: number, cont?: string) {
  return { apiVersion: k.group ? `${k.group}/${k.storageVersion}` : k.storageVersion, kind: `${k.kind}List`, metadata: { resourceVersion: String(revision), ...(cont ? { continue: cont } : {}) }, items };
}

function location(k: KindInfo, p: Record<string, string>): ObjectLocation {
  return { kind: k, ...(p.namespace !== undefined ? { namespace: p.namespace } : {}), ...(p.name !== undefined ? { name: p.name } : {}) };
}

function kindRoutes(k: KindInfo): RouteDef[] {
  const collection = k.namespaced ? `/namespaces/{namespace}/${k.plural}` : `/${k.plural}`;
  const item = `${collection}/{name}`;
  const tag = k.kind;
  const list = async ({ params, query, ctx, rt }: HandlerInput) => {
    const q = parseOrThrow(ListQuery, query, 'query');
    const r = await listObjects(rt, ctx, location(k, params), { limit: q.limit, ...(q.continue ? { continue: q.continue } : {}), ...listFilterOf(q) });
    return jsonResponse(200, toList(k, await rt.statuses.decorate(r.items), r.revision, r.continue));
  };
  const routes: RouteDef[] = [
    {
      method: 'GET', path: collection, operationId: `list${k.kind}`, tag, authenticated: true,
      summary: k.namespaced ? `List ${k.plural} in a namespace` : `List ${k.plural}`,
      query: ListQuery, response: { status: 200, description: `${k.kind}List`, schema: listSchema(k) }, handle: list,
    },
    {
      method: 'POST', path: collection, operationId: `create${k.kind}`, tag, authenticated: true,
      summary: `Create a ${k.kind}`, query: DryRunQuery,
      body: { schema: k.schema, yaml: true, description: `a ${k.kind} (JSON, or one YAML document)` },
      response: { status: 201, description: 'created', schema: k.schema },
      handle: async ({ req, params, query, ctx, rt }) => {
        const obj = await createObject(rt, ctx, location(k, params), await readObjectBody(req), { dryRun: isDryRun(query) });
        return jsonResponse(201, (await rt.statuses.decorate([obj]))[0]);
      },
    },
    {
      method: 'GET', path: item, operationId: `read${k.kind}`, tag, authenticated: true,
      summary: `Read a ${k.kind}`, response: { status: 200, description: k.kind, schema: k.schema },
      handle: async ({ params, ctx, rt }) => {
        const obj = await getObject(rt, ctx, { ...location(k, params), name: params.name! });
        return jsonResponse(200, (await rt.statuses.decorate([obj]))[0]);
      },
    },
    {
      method: 'PUT', path: item, operationId: `replace${k.kind}`, tag, authenticated: true,
      summary: `Replace a ${k.kind} (409 when metadata.resourceVersion is stale)`, query: DryRunQuery,
      body: { schema: k.schema, yaml: true, description: `the whole ${k.kind}` },
      response: { status: 200, description: 'replaced (or unchanged)', schema: k.schema },
      handle: async ({ req, params, query, ctx, rt }) => {
        const obj = await replaceObject(rt, ctx, { ...location(k, params), name: params.name! }, await readObjectBody(req), { dryRun: isDryRun(query) });
        return jsonResponse(200, (await rt.statuses.decorate([obj]))[0]);
      },
    },
    {
      method: 'DELETE', path: item, operationId: `delete${k.kind}`, tag, authenticated: true,
      summary: k.kind === 'Namespace' ? 'Delete a Namespace and everything in it' : `Delete a ${k.kind}`, query: DryRunQuery,
      response: { status: 200, description: 'the deleted object', schema: k.schema },
      handle: async ({ params, query, ctx, rt }) => jsonResponse(200, await deleteObject(rt, ctx, { ...location(k, params), name: params.name! }, { dryRun: isDryRun(query) })),
    },
  ];
  if (k.namespaced) {
    routes.push({
      method: 'GET', path: `/${k.plural}`, operationId: `list${k.kind}AllNamespaces`, tag, authenticated: true,
      summary: `List ${k.plural} in every namespace`, query: ListQuery,
      response: { status: 200, description: `${k.kind}List`, schema: listSchema(k) }, handle: list,
    });
  }
  return routes;
}

export function resourceRoutes(): RouteDef[] {
  return KINDS.flatMap(kindRoutes);
}
