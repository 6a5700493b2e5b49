import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../rest/http';
import { limitTrpcBody } from './limit-body';

/** A body stream that counts what was pulled from it: proves the limit stops reading, not only answering. */
function countingStream(total: number, chunk = 64 * 1024): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const n = Math.min(chunk, total - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(0x20));
    },
  });
  return { stream, pulled: () => sent };
}

describe('the tRPC body limit', () => {
  it('refuses a declared Content-Length over the limit with 413 before reading any of it', async () => {
    const { stream, pulled } = countingStream(MAX_BODY_BYTES + 1);
    const req = new Request('http://console.test/api/trpc/x', { method: 'POST', body: stream, headers: { 'content-length': String(MAX_BODY_BYTES + 1) }, duplex: 'half' } as RequestInit);
    const r = await limitTrpcBody(req);
    expect(r).toBeInstanceOf(Response);
    expect((r as Response).status).toBe(413);
    expect(((await (r as Response).json()) as { error: { data: { code: string } } }).error.data.code).toBe('PAYLOAD_TOO_LARGE');
    expect(pulled()).toBeLessThanOrEqual(128 * 1024);
  });

  it('stops reading a chunked body at the limit (5× the limit is never pulled whole)', async () => {
    const { stream, pulled } = countingStream(5 * MAX_BODY_BYTES);
    const req = new Request('http://console.test/api/trpc/x', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    const r = await limitTrpcBody(req);
    expect((r as Response).status).toBe(413);
    expect(pulled()).toBeLessThan(MAX_BODY_BYTES + 512 * 1024);
  });

  it('passes a body under the limit on unchanged', async () => {
    const req = new Request('http://console.test/api/trpc/x', { method: 'POST', body: '{"json":{"a":1}}', headers: { 'content-type': 'application/json' } });
    const r = await limitTrpcBody(req);
    expect(r).toBeInstanceOf(Request);
    expect(await (r as Request).text()).toBe('{"json":{"a":1}}');
    expect((r as Request).headers.get('content-type')).toBe('application/json');
  });
});
