import { DomainError, isDomainError, type ErrorCode } from './domain-error';

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

/**
 * Failures from below the services that are not DomainErrors but whose meaning is certain: the database is down,
 * restarting, unreachable or out of connections. Both adapters read this table (through `asDomainError`), so a
 * console whose database is away answers 503 with Retry-After everywhere, with no try/catch in the services.
 * Keys are the identifiers each layer gives its errors; values say what to tell the client.
 * @see https://www.prisma.io/docs/orm/reference/error-reference#common (P1xxx)
 * @see https://www.postgresql.org/docs/15/errcodes-appendix.html (SQLSTATE classes 08, 53, 57)
 * @see https://www.sqlite.org/rescode.html
 */
export const UNAVAILABLE_ERROR_TABLE: Readonly<Record<string, string>> = {
  // Prisma client codes
  P1001: 'cannot reach the database server',
  P1002: 'the database server did not answer in time',
  P1008: 'the database operation timed out',
  P1017: 'the database server closed the connection',
  P2024: 'no database connection became free in time',
  // Prisma driver adapter error kinds (adapter-pg / adapter-better-sqlite3)
  DatabaseNotReachable: 'cannot reach the database server',
  ConnectionClosed: 'the database server closed the connection',
  SocketTimeout: 'the database server did not answer in time',
  TooManyConnections: 'the database server has no connection left',
  // PostgreSQL SQLSTATEs
  '08000': 'connection exception',
  '08001': 'the database server refused the connection',
  '08003': 'the database connection does not exist',
  '08006': 'the database connection failed',
  '53300': 'the database server has no connection left',
  '57P01': 'the database server is shutting down',
  '57P02': 'the database server is shutting down',
  '57P03': 'the database server is starting up',
  // Node.js socket errors (the pg driver's, when a wrapper passes them on unchanged)
  ECONNREFUSED: 'cannot reach the database server',
  ECONNRESET: 'the database server closed the connection',
  ETIMEDOUT: 'the database server did not answer in time',
  EPIPE: 'the database server closed the connection',
  // SQLite
  SQLITE_BUSY: 'the database file is locked by another writer',
  SQLITE_CANTOPEN: 'the database file cannot be opened',
  SQLITE_IOERR: 'the database file cannot be read or written',
  SQLITE_FULL: 'the disk holding the database is full',
};

/** How long a client should wait before retrying a request that met an unavailable database. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Messages of the pg driver's own errors, which carry no code (a socket that ended mid-query, a client already
 * broken). Matched only when the error has no code of its own.
 */
const UNAVAILABLE_MESSAGES = [/^Connection terminated/, /^Client has encountered a connection error and is not queryable/, /^Client was closed and is not queryable/];

/** The error itself or, for a foreign one, the DomainError the table gives it; undefined for a real bug. */
export function asDomainError(e: unknown): DomainError | undefined {
  if (isDomainError(e)) return e;
  // Only errors raised by the database layer: an ECONNRESET from a Kubernetes or webhook client is not a database
  // outage, and must not be reported as one.
  // Prisma passes some driver errors on as they are, marked with its `clientVersion` (pg's "Client has encountered a
  // connection error and is not queryable" when a transaction's connection died).
  const { name, clientVersion } = (e ?? {}) as { name?: unknown; clientVersion?: unknown };
  const fromDatabase =
    typeof clientVersion === 'string' ||
    (typeof name === 'string' && (name.startsWith('PrismaClient') || name === 'DriverAdapterError' || name === 'DatabaseError' || name === 'SqliteError'));
  // pg's own messages (below) are specific to it, and pg is only the database's driver here, so they count
  // wherever they come from: Prisma lets some through bare (a transaction whose BEGIN met a dead connection).
  const pgMessage = typeof (e as { message?: unknown } | null)?.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test((e as Error).message));
  if (!fromDatabase && !pgMessage) return undefined;
  const found = findUnavailable(e, 0);
  if (!found) return undefined;
  const database = found.sqlite ? 'SQLite' : 'PostgreSQL';
  return new DomainError(
    'unavailable',
    `the database (${database}) is unavailable: ${found.reason}; retry in a few seconds`,
    [{ path: 'database', message: `${database}: ${found.id}` }],
    { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
  );
}

/** Looks through an error, its cause chain and Prisma's `meta.driverAdapterError` for an identifier in the table. */
function findUnavailable(e: unknown, depth: number): { id: string; reason: string; sqlite: boolean } | undefined {
  if (typeof e !== 'object' || e === null || depth > 5) return undefined;
  const o = e as { code?: unknown; kind?: unknown; extendedCode?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  const sqlite = o.kind === 'sqlite' || (typeof o.code === 'string' && o.code.startsWith('SQLITE_'));
  for (const id of [o.code, o.kind, o.originalCode]) {
    if (typeof id !== 'string') continue;
    // SQLite extended codes (SQLITE_IOERR_WRITE) belong to their primary code.
    const key = id.startsWith('SQLITE_') ? id.split('_').slice(0, 2).join('_') : id;
    const reason = UNAVAILABLE_ERROR_TABLE[key];
    if (reason) return { id, reason, sqlite };
  }
  if (o.code === undefined && typeof o.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(o.message as string))) {
    return { id: o.message, reason: 'the database connection was lost', sqlite: false };
  }
  return findUnavailable(o.meta?.driverAdapterError, depth + 1) ?? findUnavailable(o.cause, depth + 1);
}
