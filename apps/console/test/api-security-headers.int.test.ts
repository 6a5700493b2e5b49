import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@gatehouse/db/testing/test-databases';
import { TRUSTED_PROXIES_VARIABLE } from '../src/server/auth/trusted-proxies';
import { ADMIN_TOKEN, createHarness, type Harness } from './support/console-harness';
import { serveHarness } from './support/serve-harness';

/**
 * API answers over real HTTP (the REST router and the tRPC endpoint behind a node:http server that passes the
 * socket peer on, as apps/console/server.mjs does): security headers on every answer, and what
 * GATEHOUSE_TRUSTED_PROXIES changes — HSTS, the audited client address and the sign-in rate limit's address key.
 */
describe('API security headers and trusted proxies', () => {
  let t: TestDatabase;
  let h: Harness;
  let server: { url: string; close(): Promise<void> };
  const saved = process.env[TRUSTED_PROXIES_VARIABLE];

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    h = await createHarness(t.db);
    server = await serveHarness(h);
  });
  afterEach(() => {
    if (saved === undefined) delete process.env[TRUSTED_PROXIES_VARIABLE];
    else process.env[TRUSTED_PROXIES_VARIABLE] = saved;
  });
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

  it('puts the headers on every kind of answer: success, refusal, not found, the document, tRPC, a body over the limit', async () => {
    const answers = await Promise.all([
      get('/api/v1/namespaces', admin),
      get('/api/v1/namespaces'),
      get('/api/v1/no-such-thing', admin),
      get('/api/v1/openapi.json'),
      get('/api/trpc/resources.list?input=%7B%22plural%22%3A%22services%22%7D', admin),
      get('/api/trpc/resources.list'),
      fetch(`${server.url}/api/trpc/resources.create`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: 'x'.repeat(9 * 1024 * 1024) }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 200, 200, 401, 413]);
    for (const r of answers) {
      expect(r.headers.get('content-security-policy'), r.url).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('same-origin');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      // Plain HTTP from the socket: never HSTS (RFC 6797 §7.2).
      expect(r.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('sends HSTS only when a trusted proxy says the browser used https', async () => {
    const claimed = { 'x-forwarded-proto': 'https' };
    expect((await get('/api/v1/setup', claimed)).headers.get('strict-transport-security')).toBeNull();
    process.env[TRUSTED_PROXIES_VARIABLE] = '127.0.0.0/8, ::1';
    expect((await get('/api/v1/setup', claimed)).headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect((await get('/api/v1/setup', { 'x-forwarded-proto': 'http' })).headers.get('strict-transport-security')).toBeNull();
  });

  async function signInAttempt(username: string, xff: string): Promise<number> {
    const r = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': xff }, body: JSON.stringify({ username, password: 'not-the-password-1' }),
    });
    return r.status;
  }

  async function lastFailedSignInIp(username: string): Promise<string | undefined> {
    const row = await t.db.prisma.auditEvent.findFirst({ where: { name: { contains: username } }, orderBy: { id: 'desc' } });
    return row?.sourceIp;
  }

  it('from an untrusted peer, a made-up X-Forwarded-For neither reaches the audit log nor escapes the address rate limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push(await signInAttempt(`spray-${i}`, `198.51.100.${i + 1}`));
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect(await lastFailedSignInIp('spray-0')).toMatch(/^(127\.0\.0\.1|::1)$/);
  }, 60_000);

  it('behind a trusted proxy, the address it forwards is the client: audited, and rate limited on its own', async () => {
    process.env[TRUSTED_PROXIES_VARIABLE] = '127.0.0.0/8, ::1';
    // The loopback peer's own key is full from the previous test; forwarded clients each have theirs.
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push(await signInAttempt(`behind-${i}`, `6.6.6.6, 203.0.113.${i + 1}`));
    expect(statuses).toEqual(Array(21).fill(401));
    expect(await lastFailedSignInIp('behind-3')).toBe('203.0.113.4');
  }, 60_000);
});
