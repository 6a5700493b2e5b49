import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { ERROR_TABLE } from '@gatehouse/domain/errors/error-table';
import { assertNoDuplicateJsonKeys } from '@gatehouse/domain/manifest/json-duplicate-keys';
import { readBodyText } from '../rest/http';

/**
 * The tRPC endpoint's body limit, the same as the REST API's: a declared Content-Length over the limit is refused
 * before anything is read, and a chunked body is read only up to the limit (readBodyText), never buffered whole
 * first. Answers 413 in tRPC's error shape; otherwise hands on a request whose body is the text read.
 */
export async function limitTrpcBody(req: Request): Promise<Request | Response> {
  if (req.method !== 'POST' || req.body === null) return req;
  try {
    const text = await readBodyText(req);
    refuseDuplicateKeys(text);
    return new Request(req.url, { method: req.method, headers: req.headers, body: text });
  } catch (e) {
    if (!isDomainError(e) || (e.code !== 'payload_too_large' && e.code !== 'invalid')) throw e;
    const { http, trpc } = ERROR_TABLE[e.code];
    const body = JSON.stringify({ error: { message: e.message, code: JSON_RPC_CODES[trpc] ?? -32600, data: { code: trpc, httpStatus: http, appCode: e.code, details: e.details } } });
    return new Response(body, { status: http, headers: { 'content-type': 'application/json', ...(e.code === 'payload_too_large' ? { connection: 'close' } : {}) } });
  }
}

// tRPC's JSON-RPC numbers for the two codes answered here, before tRPC itself runs.
const JSON_RPC_CODES: Partial<Record<string, number>> = { BAD_REQUEST: -32600, PAYLOAD_TOO_LARGE: -32013 };

/**
 * The REST API refuses a JSON body naming one key twice (JSON.parse would keep the last silently); tRPC parses
 * its body itself, so the same check runs on the text here. Text that is not JSON is left to tRPC to refuse.
 */
function refuseDuplicateKeys(text: string): void {
  try {
    JSON.parse(text);
  } catch {
    return;
  }
  assertNoDuplicateJsonKeys(text);
}
