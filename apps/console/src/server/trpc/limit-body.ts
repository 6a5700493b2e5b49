import { isDomainError } from '@gatehouse/domain/errors/domain-error';
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
    return new Request(req.url, { method: req.method, headers: req.headers, body: text });
  } catch (e) {
    if (!isDomainError(e) || e.code !== 'payload_too_large') throw e;
    const body = JSON.stringify({ error: { message: e.message, code: -32600, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } } });
    return new Response(body, { status: 413, headers: { 'content-type': 'application/json', connection: 'close' } });
  }
}
