import type { z } from 'zod';
import type { Authentication } from '../auth/authenticate-request';
import type { RequestContext } from '../auth/principal';
import type { RequestMeta } from '../auth/request-meta';
import type { ConsoleRuntime } from '../runtime-types';

export interface HandlerInput {
  req: Request;
  params: Record<string, string>;
  query: Record<string, string>;
  ctx: RequestContext;
  /** How the caller authenticated (token or session), for the few routes that care (GET/DELETE /session). */
  auth: Authentication;
  rt: ConsoleRuntime;
}

/** What a route open to anonymous callers gets: no RequestContext, since there may be no principal. */
export interface PublicHandlerInput {
  req: Request;
  params: Record<string, string>;
  query: Record<string, string>;
  meta: RequestMeta;
  /** Set when the caller happens to be signed in or sent a valid token. */
  auth?: Authentication;
  rt: ConsoleRuntime;
}

interface RouteBase {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below /api/v1, with {params}: `/namespaces/{namespace}/gateways/{name}`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  query?: z.ZodObject;
  /** Request body: a schema (JSON) and/or YAML text, for the document. */
  body?: { schema?: z.ZodType; yaml?: boolean; description: string };
  response: { status: number; description: string; schema?: z.ZodType; contentType?: string };
}

/**
 * One REST operation: dispatch and its OpenAPI description come from the same definition. Most need a caller
 * (`authenticated: true`); sign-in and first-run setup are open (`authenticated: false`).
 */
export type RouteDef =
  | (RouteBase & { authenticated: true; handle(input: HandlerInput): Promise<Response> })
  | (RouteBase & { authenticated: false; handle(input: PublicHandlerInput): Promise<Response> });
