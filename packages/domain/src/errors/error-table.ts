import type { ErrorCode } from './domain-error';

/**
 * The single table from domain error codes to HTTP statuses and tRPC codes.
 * Both adapters (REST in apps/console/src/server/rest, tRPC in apps/console/src/server/trpc) read it.
 */
export const ERROR_TABLE: Record<ErrorCode, { http: number; trpc: TrpcErrorCode }> = {
  invalid: { http: 400, trpc: 'BAD_REQUEST' },
  unauthenticated: { http: 401, trpc: 'UNAUTHORIZED' },
  forbidden: { http: 403, trpc: 'FORBIDDEN' },
  not_found: { http: 404, trpc: 'NOT_FOUND' },
  method_not_allowed: { http: 405, trpc: 'METHOD_NOT_SUPPORTED' },
  conflict: { http: 409, trpc: 'CONFLICT' },
  already_exists: { http: 409, trpc: 'CONFLICT' },
  unprocessable: { http: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  payload_too_large: { http: 413, trpc: 'PAYLOAD_TOO_LARGE' },
  unsupported_media_type: { http: 415, trpc: 'UNSUPPORTED_MEDIA_TYPE' },
  rate_limited: { http: 429, trpc: 'TOO_MANY_REQUESTS' },
  unavailable: { http: 503, trpc: 'SERVICE_UNAVAILABLE' },
  internal: { http: 500, trpc: 'INTERNAL_SERVER_ERROR' },
};

/** The subset of tRPC's error code keys that the table uses (kept here so domain does not import tRPC). */
export type TrpcErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_SUPPORTED'
  | 'CONFLICT'
  | 'UNPROCESSABLE_CONTENT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';
