import { DomainError, isDomainError } from '@gatehouse/domain/errors/domain-error';
import { authenticateRequest, authenticationRequired, requireCsrf, SAFE_METHODS } from '../auth/authenticate-request';
import type { RequestContext } from '../auth/principal';
import { readRequestMeta } from '../auth/request-meta';
import { consoleTrustedProxies, readClientOrigin } from '../auth/trusted-proxies';
import { withApiSecurityHeaders } from '../web/security-headers';
import type { ConsoleRuntime } from '../runtime-types';
import { errorResponse, jsonResponse } from './http';
import { auditRoutes } from './audit.routes';
import { certificateRoutes } from './certificate.routes';
import { clusterRoutes } from './cluster.routes';
import { notificationRoutes } from './notification.routes';
import { oidcRoutes } from './oidc.routes';
import { buildOpenApiDocument } from './openapi';
import { opsRoutes } from './ops.routes';
import { resourceRoutes } from './resource.routes';
import type { RouteDef } from './route-def';
import { sessionRoutes } from './session.routes';

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

/**
 * A path segment as the route sees it. A malformed percent escape, or a control character (a NUL reaches
 * PostgreSQL as a refused statement), is the caller's error (400), never a crash; no name or id holds one.
 */
function decodePathSegment(segment: string, index: number): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new DomainError('invalid', `path segment ${index + 1} is not valid percent-encoding`, [{ path: `(path)[${index}]`, message: 'malformed percent-encoding' }]);
  }
  if (hasControlCharacter(decoded)) {
    throw new DomainError('invalid', `path segment ${index + 1} contains a control character`, [{ path: `(path)[${index}]`, message: 'control character' }]);
  }
  return decoded;
}

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

export function allRoutes(): RouteDef[] {
  return [...sessionRoutes(), ...oidcRoutes(), ...opsRoutes(), ...auditRoutes(), ...resourceRoutes(), ...certificateRoutes(), ...clusterRoutes(), ...notificationRoutes()];
}

/**
 * The REST API as a web-standard handler (Request → Response): Next.js mounts it at /api/v1 and tests call it
 * directly. Thin: authenticate, match, parse, call one service, map errors through ERROR_TABLE.
 */
export function createRestHandler(getRuntime: () => Promise<ConsoleRuntime>): (req: Request) => Promise<Response> {
  const dispatch = createDispatcher(getRuntime);
  // Every answer, errors included, carries the API's security headers (server/web/security-headers.ts).
  return async (req) => withApiSecurityHeaders(await dispatch(req), readClientOrigin(req.headers, consoleTrustedProxies(), req.url).https);
}

function createDispatcher(getRuntime: () => Promise<ConsoleRuntime>): (req: Request) => Promise<Response> {
  const routes = compile(allRoutes());
  let openApiJson: string | undefined;
  return async (req) => {
    const meta = readRequestMeta(req);
    const { requestId } = meta;
    let log: ConsoleRuntime['log'] | undefined;
    try {
      const url = new URL(req.url);
      if (!url.pathname.startsWith(API_PREFIX)) throw new DomainError('not_found', `no such API path ${url.pathname}`);
      const parts = url.pathname.slice(API_PREFIX.length).split('/').filter(Boolean).map(decodePathSegment);
      if (parts.length === 1 && parts[0] === 'openapi.json' && req.method === 'GET') {
        openApiJson ??= JSON.stringify(buildOpenApiDocument(allRoutes()));
        return new Response(openApiJson, { status: 200, headers: { 'content-type': 'application/json' } });
      }
      const rt = await getRuntime();
      log = rt.log;
      const candidates = routes.map((r) => ({ r, params: matchSegments(r.segments, parts) })).filter((c) => c.params);
      const hit = candidates.find((c) => c.r.def.method === req.method);
      const query = Object.fromEntries(url.searchParams.entries());
      const def = hit?.r.def;
      if (hit && def && !def.authenticated) {
        // Open routes (sign-in, setup) still learn who calls when they can, but a stale credential is no error.
        const auth = await authenticateRequest(rt, req).catch((e: unknown) => {
          if (isDomainError(e)) return undefined;
          throw e;
        });
        const res = await def.handle({ req, params: hit.params!, query, meta, rt, ...(auth ? { auth } : {}) });
        res.headers.set('x-request-id', requestId);
        return res;
      }
      // Everything else needs a caller, and says so before saying whether the path exists.
      const auth = await authenticateRequest(rt, req);
      if (!auth) throw authenticationRequired();
      if (!SAFE_METHODS.has(req.method)) requireCsrf(auth);
      const ctx: RequestContext = { principal: auth.principal, ...meta };
      if (candidates.length === 0) throw new DomainError('not_found', `no such API path ${url.pathname}`);
      if (!hit || !def?.authenticated) {
        const allowed = [...new Set(candidates.map((c) => c.r.def.method))].join(', ');
        throw new DomainError('method_not_allowed', `${req.method} is not allowed on ${url.pathname}; allowed: ${allowed}`);
      }
      const res = await def.handle({ req, params: hit.params!, query, ctx, auth, rt });
      res.headers.set('x-request-id', requestId);
      return res;
    } catch (e) {
      const res = errorResponse(e, requestId, (msg, err) => log?.error({ err, requestId }, msg));
      res.headers.set('x-request-id', requestId);
      return res;
    }
  };
}

export { jsonResponse };
