import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { createContextInner } from '../src/server/trpc/init';
import { createCaller } from '../src/server/trpc/root';
import { ADMIN_TOKEN, createHarness, type Harness } from './support/console-harness';
import { asBrowser, cookiePair, signIn } from './support/session-client';

const ADMIN = { username: 'root-admin', password: 'first-admin-password-1' };
const svc = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }] } });

forEachDatabase((t) => {
  let h: Harness;
  /** The shared database's first admin, made through POST /setup once per file. */
  const setup = async () => {
    if (h) return h;
    h = await createHarness(t.db);
    const r = await h.call('POST', '/api/v1/setup', { token: null, body: { ...ADMIN, displayName: 'Root', setupCode: ADMIN_TOKEN } });
    expect(r.status, r.text).toBe(201);
    return h;
  };

  describe('first-run setup', () => {
    it('is open while no account exists, signs the new admin in, and happens exactly once under a race', async () => {
      // A database of its own: setup can only ever succeed once per store.
      const own = await createTestDatabase(t.provider);
      try {
        const fresh = await createHarness(own.db);
        expect((await fresh.call('GET', '/api/v1/setup', { token: null })).json).toEqual({ required: true });
        const attempt = (username: string) => fresh.call('POST', '/api/v1/setup', { token: null, body: { setupCode: ADMIN_TOKEN, username, password: `long-password-of-${username.toUpperCase().split('').reverse().join('')}` } });
        const results = await Promise.all([attempt('racer-a'), attempt('racer-b'), attempt('racer-c')]);
        expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
        expect(await own.db.prisma.user.count()).toBe(1);
        const winner = results.find((r) => r.status === 201)!;
        expect(winner.json.user.role).toBe('admin');
        const setCookie = winner.headers.get('set-cookie')!;
        // Max-Age counts down to the absolute expiry: a slow second between issue and header may make it 604799.
        expect(setCookie).toMatch(/^gh_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=(?:60479[89]|604800); HttpOnly; SameSite=Lax$/);
        expect((await fresh.call('GET', '/api/v1/setup', { token: null })).json).toEqual({ required: false });
        const me = await fresh.call('GET', '/api/v1/session', { token: null, headers: { cookie: cookiePair(setCookie) } });
        expect(me.json.session.user.username).toBe(winner.json.user.username);
        const loser = results.find((r) => r.status === 409)!;
        expect(loser.json.code).toBe('conflict');
        // The bootstrap token path stays for automation next to setup.
        expect((await fresh.call('GET', '/api/v1/namespaces')).status).toBe(200);
      } finally {
        await own.dispose();
      }
    });

    it('is refused without the setup code from the log (or the bootstrap token); the logged code works once, on any replica', async () => {
      const own = await createTestDatabase(t.provider);
      try {
        // No bootstrap token: the only way in is the code this console logged at start.
        const logged: Array<{ obj: Record<string, unknown>; msg?: string }> = [];
        const log = { info() {}, error() {}, warn: (obj: object, msg?: string) => logged.push({ obj: obj as Record<string, unknown>, msg }) };
        const first = await createHarness(own.db, { GATEHOUSE_BOOTSTRAP_TOKEN: '' }, log);
        const second = await createHarness(own.db, { GATEHOUSE_BOOTSTRAP_TOKEN: '' }, log);
        const codes = logged.filter((l) => l.msg?.startsWith('first-run setup code: ')).map((l) => String(l.obj.setupCode));
        expect(codes).toHaveLength(2);
        expect(codes[0]).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
        expect(first.rt.setupCode).toBe(codes[0]);
        const account = { username: 'claimer', password: 'claims-a-fresh-instance' };
        for (const setupCode of [undefined, '', 'AAAAA-AAAAA', ADMIN_TOKEN]) {
          const r = await first.call('POST', '/api/v1/setup', { token: null, body: { ...account, ...(setupCode === undefined ? {} : { setupCode }) } });
          expect(r.status, String(setupCode)).toBe(setupCode === undefined || setupCode === '' ? 400 : 403);
          expect(r.json.details.map((d: { path: string }) => d.path)).toEqual(['setupCode']);
        }
        expect(await own.db.prisma.user.count()).toBe(0);
        // The second replica's code, typed in lower case without the dash, works on the first replica.
        const ok = await first.call('POST', '/api/v1/setup', { token: null, body: { ...account, setupCode: (codes[1] ?? '').toLowerCase().replace('-', '') } });
        expect(ok.status, ok.text).toBe(201);
        // Setup is done: codes are gone from the store.
        expect(await own.db.prisma.instanceSetting.count({ where: { key: { startsWith: 'setup-code:' } } })).toBe(0);
        expect((await second.call('POST', '/api/v1/setup', { token: null, body: { ...account, setupCode: codes[0] } })).status).toBe(409);
      } finally {
        await own.dispose();
      }
    });

    it('refuses weak input with field paths and marks the cookie Secure behind HTTPS', async () => {
      const own = await createTestDatabase(t.provider);
      try {
        const fresh = await createHarness(own.db);
        const weak = await fresh.call('POST', '/api/v1/setup', { token: null, body: { setupCode: ADMIN_TOKEN, username: 'Bad Name', password: 'short' } });
        expect(weak.status).toBe(400);
        expect(weak.json.details.map((d: { path: string }) => d.path).sort()).toEqual(['password', 'username']);
        const ok = await fresh.call('POST', '/api/v1/setup', { token: null, body: { setupCode: ADMIN_TOKEN, username: 'tls-admin', password: 'behind-a-tls-proxy-1' }, headers: { 'x-forwarded-proto': 'https' } });
        expect(ok.status).toBe(201);
        expect(ok.headers.get('set-cookie')).toMatch(/; Secure$/);
      } finally {
        await own.dispose();
      }
    });
  });

  describe('sign-in and sessions', () => {
    it('signs in, answers who-am-I with a CSRF token, stores only a hash of the cookie, and signs out', async () => {
      await setup();
      const wrong = await h.call('POST', '/api/v1/session', { token: null, body: { username: ADMIN.username, password: 'not-the-password' } });
      expect(wrong.status).toBe(401);
      expect(wrong.json.message).toBe('wrong user name or password');
      const unknown = await h.call('POST', '/api/v1/session', { token: null, body: { username: 'nobody-here', password: 'not-the-password' } });
      expect(unknown.status).toBe(401);
      expect(unknown.json.message).toBe(wrong.json.message);

      const s = await signIn(h, 'Root-Admin', ADMIN.password); // user names are case-insensitive at sign-in
      const cookieValue = decodeURIComponent(s.cookie.slice('gh_session='.length));
      const row = await t.db.prisma.session.findUnique({ where: { id: createHash('sha256').update(cookieValue).digest('hex') } });
      expect(row).not.toBeNull();
      expect(JSON.stringify(await t.db.prisma.session.findMany())).not.toContain(cookieValue);
      const me = await asBrowser(h, s)('GET', '/api/v1/session');
      expect(me.status).toBe(200);
      expect(me.json.principal).toMatchObject({ type: 'user', name: ADMIN.username, role: 'admin' });
      expect(me.json.session.csrfToken).toBe(s.csrf);
      expect(me.json.session.user.lastLoginAt).not.toBeNull();

      const out = await asBrowser(h, s)('DELETE', '/api/v1/session');
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/^gh_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/);
      expect((await asBrowser(h, s)('GET', '/api/v1/session')).status).toBe(401);
      expect((await h.call('DELETE', '/api/v1/session')).status).toBe(400); // a bearer token has no session to end
    });

    it('needs the CSRF token for cookie-authenticated changes (REST and tRPC), never for reads or bearer tokens', async () => {
      await setup();
      const s = await signIn(h, ADMIN.username, ADMIN.password);
      const browser = asBrowser(h, s);
      expect((await browser('GET', '/api/v1/namespaces', { csrf: null })).status).toBe(200);
      const missing = await browser('POST', '/api/v1/namespaces/csrf/services', { body: svc('no-token'), csrf: null });
      expect(missing.status).toBe(403);
      expect(missing.json.details[0].path).toBe('x-csrf-token');
      expect((await browser('POST', '/api/v1/namespaces/csrf/services', { body: svc('wrong-token'), csrf: 'A'.repeat(43) })).status).toBe(403);
      const other = await signIn(h, ADMIN.username, ADMIN.password);
      expect((await browser('POST', '/api/v1/namespaces/csrf/services', { body: svc('other-session'), csrf: other.csrf })).status).toBe(403);
      expect((await browser('POST', '/api/v1/namespaces/csrf/services', { body: svc('with-token') })).status).toBe(201);
      expect((await h.call('POST', '/api/v1/namespaces/csrf/services', { body: svc('bearer') })).status).toBe(201);
      expect(await t.db.prisma.resource.count({ where: { namespace: 'csrf', kind: 'Service' } })).toBe(2);

      const headers = (csrf?: string) => new Headers({ cookie: s.cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) });
      const noToken = createCaller(await createContextInner(h.rt, { headers: headers() }));
      expect((await noToken.resources.list({ plural: 'services', namespace: 'csrf' })).items).toHaveLength(2);
      await expect(noToken.resources.create({ plural: 'services', namespace: 'csrf', object: svc('trpc-no-token') })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const withToken = createCaller(await createContextInner(h.rt, { headers: headers(s.csrf) }));
      await expect(withToken.resources.create({ plural: 'services', namespace: 'csrf', object: svc('trpc-token') })).resolves.toMatchObject({ metadata: { name: 'trpc-token' } });
      const events = await h.call('GET', '/api/v1/audit-events?namespace=csrf&kind=Service&action=create');
      expect(events.json.items.find((e: { name: string }) => e.name === 'trpc-token').actor).toMatchObject({ type: 'user', name: ADMIN.username });
    });

    it('ends a session 12 h after its last request, and 7 days after sign-in however busy', async () => {
      await setup();
      const realNow = h.rt.now;
      try {
        let clock = Date.now();
        h.rt.now = () => new Date(clock);
        const idle = await signIn(h, ADMIN.username, ADMIN.password);
        clock += 11 * 3600_000;
        expect((await asBrowser(h, idle)('GET', '/api/v1/session')).status).toBe(200); // slides the idle window
        clock += 11 * 3600_000;
        expect((await asBrowser(h, idle)('GET', '/api/v1/session')).status).toBe(200);
        clock += 12 * 3600_000 + 1000;
        expect((await asBrowser(h, idle)('GET', '/api/v1/session')).status).toBe(401);

        const busy = await signIn(h, ADMIN.username, ADMIN.password);
        const signedInAt = clock;
        let lastOk = 0;
        for (let i = 0; i < 20; i++) {
          clock += 10 * 3600_000;
          if ((await asBrowser(h, busy)('GET', '/api/v1/session')).status !== 200) break;
          lastOk = clock;
        }
        expect(lastOk - signedInAt).toBeLessThan(7 * 86_400_000);
        expect(lastOk - signedInAt).toBeGreaterThan(6 * 86_400_000);
        expect((await asBrowser(h, busy)('GET', '/api/v1/session')).status).toBe(401);
      } finally {
        h.rt.now = realNow;
      }
    });
  });

  describe('login rate limit', () => {
    it('refuses a user name after 5 failures in 15 minutes with 429 and Retry-After, even with the right password', async () => {
      await setup();
      await h.call('POST', '/api/v1/users', { body: { username: 'limited', password: 'correct-horse-battery', role: 'viewer' } });
      const realNow = h.rt.now;
      try {
        let clock = Date.now();
        h.rt.now = () => new Date(clock);
        const attempt = (password: string, ip: string) => h.call('POST', '/api/v1/session', { token: null, body: { username: 'limited', password }, headers: { 'x-forwarded-for': ip } });
        for (let i = 0; i < 5; i++) {
          expect((await attempt(`wrong-${i}`, `198.51.100.${i + 1}`)).status).toBe(401);
          clock += 60_000;
        }
        const limited = await attempt('correct-horse-battery', '198.51.100.99');
        expect(limited.status).toBe(429);
        expect(limited.json.code).toBe('rate_limited');
        // The oldest failure leaves the 15-minute window 10 minutes from now (5 failures, a minute apart).
        expect(Number(limited.headers.get('retry-after'))).toBe(600);
        clock += 600_000 + 1000;
        expect((await attempt('correct-horse-battery', '198.51.100.99')).status).toBe(200);
        // Success forgets the user name's failures: one more failure does not lock it again.
        expect((await attempt('wrong-again', '198.51.100.98')).status).toBe(401);
        expect((await attempt('correct-horse-battery', '198.51.100.98')).status).toBe(200);
      } finally {
        h.rt.now = realNow;
      }
    });

    it('refuses one address after 20 failures across user names, other addresses still sign in', async () => {
      await setup();
      const ip = '192.0.2.200';
      for (let i = 0; i < 20; i++) {
        const r = await h.call('POST', '/api/v1/session', { token: null, body: { username: `spray-${i}`, password: 'guessed-password' }, headers: { 'x-forwarded-for': ip } });
        expect(r.status).toBe(401);
      }
      const blocked = await h.call('POST', '/api/v1/session', { token: null, body: ADMIN, headers: { 'x-forwarded-for': ip } });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
      await expect(signIn(h, ADMIN.username, ADMIN.password, '192.0.2.201')).resolves.toBeDefined();
    });
  });

  describe('OpenAPI', () => {
    it('lists the session, setup and user operations, sign-in and setup without security', async () => {
      await setup();
      const doc = (await h.call('GET', '/api/v1/openapi.json', { token: null })).json;
      expect(doc.paths['/api/v1/session'].post.security).toEqual([]);
      expect(doc.paths['/api/v1/setup'].post.security).toEqual([]);
      expect(doc.paths['/api/v1/session'].delete.security).toBeUndefined();
      expect(Object.keys(doc.paths['/api/v1/users/{id}']).sort()).toEqual(['delete', 'put']);
      expect(doc.components.securitySchemes.sessionCookie).toMatchObject({ in: 'cookie', name: 'gh_session' });
    });
  });
});
