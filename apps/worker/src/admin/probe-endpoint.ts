import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WorkerProbeRequestSchema } from '@gatehouse/domain/probe/worker-probe.schema';
import { zodIssuesToDetails } from '@gatehouse/domain/errors/zod-issues';
import { probeUpstream } from './probe-upstream';

/** Larger than any CA bundle the console sends (caPem ≤ 512 KiB). */
const MAX_BODY_BYTES = 600 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...extra }).end(text);
}

/** Compares digests, so neither the length nor the content of the token leaks through timing. */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(d);
    });
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

/**
 * `POST /probe`: the live upstream TLS probe (issue 4 §9). It makes this process open connections on the
 * caller's behalf, so it needs the worker token as a bearer even on the loopback admin port (ARCHITECTURE.md,
 * "Worker probe"); `/healthz`, `/readyz` and `/config` stay open as they reveal nothing secret.
 * Answers 401 without the token, 503 while the worker has no token yet, 400 with details for a bad body.
 */
export async function handleProbe(req: IncomingMessage, res: ServerResponse, readToken: () => string | null): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'method_not_allowed', message: 'use POST /probe' }, { allow: 'POST' });
  const token = readToken();
  if (token === null) return sendJson(res, 503, { error: 'unavailable', message: 'the worker has no token yet; it cannot authenticate probe requests' });
  const auth = req.headers.authorization ?? '';
  const presented = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
  if (presented === '' || !sameSecret(presented, token)) {
    return sendJson(res, 401, { error: 'unauthenticated', message: 'POST /probe needs the worker token as a bearer token' }, { 'www-authenticate': 'Bearer' });
  }
  const text = await readBody(req);
  if (text === null) return sendJson(res, 413, { error: 'payload_too_large', message: `the body is larger than ${MAX_BODY_BYTES} bytes` });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return sendJson(res, 400, { error: 'invalid', message: 'the body is not JSON', details: [{ path: '(body)', message: 'not JSON' }] });
  }
  const parsed = WorkerProbeRequestSchema.safeParse(body);
  if (!parsed.success) {
    const details = zodIssuesToDetails(parsed.error);
    return sendJson(res, 400, { error: 'invalid', message: `probe request is invalid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details });
  }
  sendJson(res, 200, await probeUpstream(parsed.data));
}
