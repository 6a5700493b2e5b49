import { DomainError, type ErrorDetail } from '@gatehouse/domain/errors/domain-error';
import { asDomainError, ERROR_TABLE } from '@gatehouse/domain/errors/error-table';
import { assertNoDuplicateJsonKeys } from '@gatehouse/domain/manifest/json-duplicate-keys';
import { assertInputBounds } from '@gatehouse/domain/object/input-bounds';

/** Largest request body accepted (an apply of a few thousand objects fits; a 10 MB upload does not). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface ErrorBody {
  code: string;
  message: string;
  details: ErrorDetail[];
  requestId: string;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

export function errorResponse(thrown: unknown, requestId: string, log: (msg: string, err: unknown) => void): Response {
  // Foreign errors with a certain meaning (the database is down) become DomainErrors here, through the table.
  const e = asDomainError(thrown);
  if (e) {
    const { http } = ERROR_TABLE[e.code];
    const headers: Record<string, string> = e.code === 'unauthenticated' ? { 'www-authenticate': 'Bearer realm="gatehouse"' } : {};
    if (e.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.ceil(e.retryAfterSeconds));
    return jsonResponse(http, { code: e.code, message: e.message, details: e.details, requestId } satisfies ErrorBody, headers);
  }
  log('unhandled error', thrown);
  return jsonResponse(500, { code: 'internal', message: `internal error (request ${requestId}); the server log has the cause`, details: [], requestId } satisfies ErrorBody);
}

export type BodyKind = 'json' | 'yaml';

const MANIFEST_TYPES = 'application/json or application/yaml';
// What clients send when they do not say: curl --data-binary sends application/x-www-form-urlencoded.
const UNSPECIFIC_TYPES = new Set(['', 'application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream']);

function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function classify(ct: string): BodyKind | 'unspecific' | undefined {
  if (ct === 'application/json' || ct.endsWith('+json')) return 'json';
  if (ct === 'application/yaml' || ct === 'application/x-yaml' || ct === 'text/yaml' || ct === 'text/x-yaml') return 'yaml';
  return UNSPECIFIC_TYPES.has(ct) ? 'unspecific' : undefined;
}

function unsupported(ct: string, accepted: string): DomainError {
  return new DomainError('unsupported_media_type', `content type ${ct || '(none)'} is not accepted here; use ${accepted}`, [{ path: 'content-type', message: 'unsupported' }]);
}

/** For JSON-only bodies: JSON by content type, or unspecified (then it must parse as JSON). */
export function bodyKindOf(contentType: string | null, allowed: BodyKind[]): BodyKind {
  const ct = mediaType(contentType);
  const kind = classify(ct);
  if (kind === 'unspecific' && allowed.includes('json')) return 'json';
  if (kind === undefined || kind === 'unspecific' || !allowed.includes(kind)) {
    throw unsupported(ct, allowed.map((a) => (a === 'json' ? 'application/json' : 'application/yaml')).join(' or '));
  }
  return kind;
}

/** Refuses, before the body is read, content types a manifest cannot be (multipart, images, ...). */
export function assertManifestContentType(contentType: string | null): void {
  if (classify(mediaType(contentType)) === undefined) throw unsupported(mediaType(contentType), MANIFEST_TYPES);
}

/**
 * The format of a manifest body (apply, or one object): JSON or YAML by content type, or — when the client named
 * none or a generic one (`curl --data-binary @gateway.yaml`) — by its first character: a manifest starts with `{`
 * or `[` only when it is JSON.
 */
export function manifestKindOf(contentType: string | null, text: string): BodyKind {
  const kind = classify(mediaType(contentType));
  if (kind === undefined) throw unsupported(mediaType(contentType), MANIFEST_TYPES);
  if (kind === 'unspecific') return /^\s*[[{]/.test(text) ? 'json' : 'yaml';
  return kind;
}

/** Reads the body as text, refusing more than MAX_BODY_BYTES without buffering it all. */
export async function readBodyText(req: Request): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(): DomainError {
  return new DomainError('payload_too_large', `request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`, [{ path: '(body)', message: 'too large' }]);
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new DomainError('invalid', 'request body is empty', [{ path: '(body)', message: 'required' }]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DomainError('invalid', `request body is not valid JSON: ${(e as Error).message}`, [{ path: '(body)', message: 'invalid JSON' }]);
  }
  assertInputBounds(value);
  assertNoDuplicateJsonKeys(text);
  return value;
}
