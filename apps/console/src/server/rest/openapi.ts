import { z } from 'zod';
import { KINDS } from '@gatehouse/domain/registry/kinds';
import type { RouteDef } from './route-def';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  // Transforms (defaults, stringData→data) have no JSON Schema form; `any` keeps the document whole.
  const s = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete s.$schema;
  return s;
}

const ErrorSchema = z.object({
  code: z.string().describe('machine-readable error code (invalid, unauthenticated, forbidden, not_found, conflict, ...)'),
  message: z.string(),
  details: z.array(z.object({ path: z.string().describe('JSON path of the field, e.g. spec.listeners[0].port'), message: z.string() })),
  requestId: z.string(),
});

/**
 * The OpenAPI 3.1 document, generated from the route table and the same zod schemas that validate requests:
 * nothing here is written by hand, so it cannot drift from the code.
 */
export function buildOpenApiDocument(routes: RouteDef[]): JsonSchema {
  const components: Record<string, JsonSchema> = { Error: toSchema(ErrorSchema, 'output') };
  const kindBySchema = new Map<z.ZodType, string>();
  for (const k of KINDS) {
    components[k.kind] = toSchema(k.schema, 'output');
    components[`${k.kind}Input`] = toSchema(k.schema, 'input');
    kindBySchema.set(k.schema, k.kind);
  }
  const ref = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const kind = kindBySchema.get(schema);
    if (kind) return { $ref: `#/components/schemas/${io === 'input' ? `${kind}Input` : kind}` };
    return toSchema(schema, io);
  };
  const errorResponses = Object.fromEntries(
    [
      ['400', 'invalid input: `details` names each field'],
      ['401', 'missing or invalid token or session'],
      ['403', 'the role does not allow it, or a cookie-authenticated change lacks X-CSRF-Token'],
      ['404', 'not found'],
      ['409', 'conflict (exists already, or stale resourceVersion)'],
      ['413', 'body too large'],
      ['415', 'unsupported content type'],
      ['429', 'too many failed sign-ins: Retry-After says when to try again'],
    ].map(([code, description]) => [code, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
  );
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const pathParams = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const queryParams = r.query
      ? Object.entries(r.query.shape).map(([name, s]) => {
          const schema = toSchema(s as z.ZodType, 'input');
          const description = (s as z.ZodType).description;
          return { name, in: 'query', required: !(s as z.ZodType).safeParse(undefined).success, schema, ...(description ? { description } : {}) };
        })
      : [];
    const content: Record<string, unknown> = {};
    if (r.body?.schema) content['application/json'] = { schema: ref(r.body.schema, 'input') };
    if (r.body?.yaml) content['application/yaml'] = { schema: { type: 'string', description: 'YAML text' } };
    const op: Record<string, unknown> = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      parameters: [...pathParams, ...queryParams],
      ...(r.body ? { requestBody: { required: true, description: r.body.description, content } } : {}),
      responses: {
        [String(r.response.status)]: {
          description: r.response.description,
          ...(r.response.schema
            ? { content: { [r.response.contentType ?? 'application/json']: { schema: ref(r.response.schema, 'output') } } }
            : r.response.contentType
              ? { content: { [r.response.contentType]: { schema: { type: 'string' } } } }
              : {}),
        },
        ...errorResponses,
      },
      ...(r.authenticated ? {} : { security: [] }),
    };
    (paths[`/api/v1${r.path}`] ??= {})[r.method.toLowerCase()] = op;
  }
  paths['/api/v1/openapi.json'] = {
    get: { operationId: 'openapi', summary: 'This document (no token needed)', tags: ['Meta'], security: [], responses: { '200': { description: 'OpenAPI 3.1 document' } } },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gatehouse API',
      version: '1',
      description: 'Kubernetes Gateway API resources, upstream TLS policies, audit log and worker feed. Objects are Kubernetes-shaped; paths follow the Kubernetes API conventions.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    paths,
    components: { schemas: components, securitySchemes: {
      bearerAuth: { type: 'http', scheme: 'bearer', description: 'an API token (`gh_...`)' },
      sessionCookie: { type: 'apiKey', in: 'cookie', name: 'gh_session', description: 'the console session (POST /api/v1/session); changes also need the X-CSRF-Token header' },
    } },
  };
}
