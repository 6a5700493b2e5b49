import { z } from 'zod';

/** Request methods the simulator offers; an HTTPRouteMatch `method` is one of these (gateway-api v1.6.1 HTTPMethod). */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] as const;

/** RFC 9110 §5.1: a field name is a token. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A Host header value: host name or IP literal, optional port; no scheme, path or spaces (RFC 9110 §7.2). */
const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?)(:\d{1,5})?$/;

/** Draft manifests pasted into the simulator: at most this many characters of YAML or JSON. */
export const MAX_DRAFT_CHARS = 256 * 1024;

export const SimulatedHeaderSchema = z.object({
  name: z.string().min(1, 'give the header a name').max(256).regex(HEADER_NAME, 'a header name is letters, digits and !#$%&\'*+-.^_`|~ (no spaces or colons)'),
  value: z.string().max(8192),
});

export const SimulatedQueryParamSchema = z.object({
  name: z.string().min(1, 'give the parameter a name').max(256),
  value: z.string().max(8192),
});

/**
 * One request for the simulator (issue 4 §8): which listener port it arrives on, its method, Host, path, headers
 * and query, and optionally draft manifests that are laid over the current configuration before the request is
 * matched (objects with the same kind/namespace/name replace the stored ones; new ones are added).
 * The same schema is the tRPC input and the form's resolver.
 */
export const SimulateRequestSchema = z
  .object({
    port: z.number({ error: 'choose the listener port the request arrives on' }).int().min(1, 'a port is 1 to 65535').max(65535, 'a port is 1 to 65535'),
    method: z.enum(HTTP_METHODS).default('GET'),
    host: z.string().min(1, 'give the Host the client sends, e.g. foo.example.com').max(261).regex(HOST, 'a host name such as foo.example.com (no scheme, no path)'),
    path: z.string().min(1, 'give a path such as /headers').max(8192).startsWith('/', 'a path starts with /'),
    headers: z.array(SimulatedHeaderSchema).max(64).default([]),
    query: z.array(SimulatedQueryParamSchema).max(64).default([]),
    /** YAML or JSON manifests to lay over the current configuration (a draft); empty = the current one. */
    draft: z.string().max(MAX_DRAFT_CHARS, `a draft is at most ${MAX_DRAFT_CHARS / 1024} KiB`).optional(),
    /** Namespace given to draft objects that name none (the namespace picker's choice). */
    namespace: z.string().max(63).optional(),
  })
  .strict();
export type SimulateRequest = z.infer<typeof SimulateRequestSchema>;
export type SimulateRequestInput = z.input<typeof SimulateRequestSchema>;
