import { randomUUID } from 'node:crypto';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import type { Principal, RequestContext } from '../auth/principal';
import { authenticateToken } from '../auth/token.service';
import { readBearer } from '../auth/token-codec';
import type { ConsoleRuntime } from '../runtime-types';
import { errorResponse, jsonResponse } from './http';
import { buildOpenApiDocument } from './openapi';
import { opsRoutes } from './ops.routes';
import { resourceRoutes } from './resource.routes';
import type { RouteDef } from './route-def';

export const API_PREFIX = '/api/v1';

interface CompiledRoute {
  def: RouteDef;
  segments: string[];
  literals: number;
}

function compile(defs: RouteDef[]): CompiledRoute[] {
  return defs
    .map((def) => {
      const segments = def.path.split('/').filter(Boolean);
      return { def, segments, literals: segments.filter((s) => !s.startsWith('{')).length };
    })
    // Literal segments beat parameters: /audit-events/verify before /audit-events/{id}.
    .sort((a, b) => b.literals - a.literals);
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const v = parts[i]!;
    if (p.startsWith('{')) params[p.slice(1, -1)] = v;
    else if (p !== v) return undefined;
  }
  return params;
}

/** The client address: the last X-Forwarded-For hop (the one our own server added), else X-Real-IP. */
function clientIp(req: Request): string {
  const xff = req.headers.get('x-forwarded-for');
  if (xff) return xff.split(',').map((s) => s.trim()).filter(Boolean).pop() ?? '';
  return req.headers.get('x-real-ip') ?? '';
}

export function allRoutes(): RouteDef[] {
  return [...opsRoutes(), ...resourceRoutes()];
}

/**
 * The REST API as a web-standard handler (Request → Response): Next.js mounts it at /api/v1 and tests call it
 * directly. Thin: authenticate, match, parse, call one service, map errors through ERROR_TABLE.
 */
export function createRestHandler(getRuntime: () => Promise<ConsoleRuntime>): (req: Request) => Promise<Response> {
  const routes = compile(allRoutes());
  let openApiJson: string | undefined;
  return async (req) => {
    const requestId = req.headers.get('x-request-id')?.slice(0, 100) || randomUUID();
    let log: ConsoleRuntime['log'] | undefined;
    try {
      const url = new URL(req.url);
      if (!url.pathname.startsWith(API_PREFIX)) throw new DomainError('not_found', `no such API path ${url.pathname}`);
      const parts = url.pathname.slice(API_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
      if (parts.length === 1 && parts[0] === 'openapi.json' && req.method === 'GET') {
        openApiJson ??= JSON.stringify(buildOpenApiDocument(allRoutes()));
        return new Response(openApiJson, { status: 200, headers: { 'content-type': 'application/json' } });
      }
      const rt = await getRuntime();
      log = rt.log;
      const principal = await authenticate(rt, req);
      const ctx: RequestContext = { principal, requestId, sourceIp: clientIp(req), userAgent: (req.headers.get('user-agent') ?? '').slice(0, 500) };
      const candidates = routes.map((r) => ({ r, params: matchSegments(r.segments, parts) })).filter((c) => c.params);
      if (candidates.length === 0) throw new DomainError('not_found', `no such API path ${url.pathname}`);
      const hit = candidates.find((c) => c.r.def.method === req.method);
      if (!hit) {
        const allowed = [...new Set(candidates.map((c) => c.r.def.method))].join(', ');
        throw new DomainError('method_not_allowed', `${req.method} is not allowed on ${url.pathname}; allowed: ${allowed}`);
      }
      const query = Object.fromEntries(url.searchParams.entries());
      const res = await hit.r.def.handle({ req, params: hit.params!, query, ctx, rt });
      res.headers.set('x-request-id', requestId);
      return res;
    } catch (e) {
      const res = errorResponse(e, requestId, (msg, err) => log?.error({ err, requestId }, msg));
      res.headers.set('x-request-id', requestId);
      return res;
    }
  };
}

async function authenticate(rt: ConsoleRuntime, req: Request): Promise<Principal> {
  const bearer = readBearer(req.headers.get('authorization'));
  if (!bearer) throw new DomainError('unauthenticated', 'authentication required: send Authorization: Bearer <token>');
  const principal = await authenticateToken(rt, bearer);
  if (!principal) throw new DomainError('unauthenticated', 'the token is unknown, expired or revoked');
  return principal;
}

export { jsonResponse };
