import type { z } from 'zod';
import type { RequestContext } from '../auth/principal';
import type { ConsoleRuntime } from '../runtime-types';

export interface HandlerInput {
  req: Request;
  params: Record<string, string>;
  query: Record<string, string>;
  ctx: RequestContext;
  rt: ConsoleRuntime;
}

/** One REST operation: dispatch and its OpenAPI description come from the same definition. */
export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below /api/v1, with {params}: `/namespaces/{namespace}/gateways/{name}`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** false only for the OpenAPI document itself. */
  authenticated: boolean;
  query?: z.ZodObject;
  /** Request body: a schema (JSON) and/or YAML text, for the document. */
  body?: { schema?: z.ZodType; yaml?: boolean; description: string };
  response: { status: number; description: string; schema?: z.ZodType; contentType?: string };
  handle(input: HandlerInput): Promise<Response>;
}
