import { ADMIN_TOKEN, type Harness } from './console-harness';

/** A REST call whose answer is bytes (DER, PKCS#12), which Harness.call would decode as text. */
export async function rawCall(h: Harness, method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await h.handle(
    new Request(`http://console.test${path}`, {
      method,
      headers: {
        authorization: `Bearer ${opts.token ?? ADMIN_TOKEN}`,
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    }),
  );
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}
