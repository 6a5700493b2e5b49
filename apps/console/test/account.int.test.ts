import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { createContextInner } from '../src/server/trpc/init';
import { createCaller } from '../src/server/trpc/root';
import { ADMIN_TOKEN, createHarness, type Harness } from './support/console-harness';
import { cookiePair, type BrowserSession } from './support/session-client';

const OWNER = { username: 'owner', password: 'first-admin-secret-words' };
const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36';
const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0';
/** Every password this file types: none may appear in the audit log. */
const PASSWORDS: string[] = [OWNER.password];
const pw = (p: string) => (PASSWORDS.push(p), p);
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } });

interface Browser extends BrowserSession {
  ip: string;
}

forEachDatabase((t) => {
  let h: Harness;
  const setup = async () => {
    if (h) return h;
    h = await createHarness(t.db);
    expect((await h.call('POST', '/api/v1/setup', { token: null, body: { ...OWNER, setupCode: ADMIN_TOKEN } })).status).toBe(201);
    return h;
  };

  /** A local account made by the bootstrap token (an administrator). */
  const makeUser = async (username: string, password: string, role: 'admin' | 'editor' | 'viewer' = 'viewer'): Promise<string> => {
    const r = await h.call('POST', '/api/v1/users', { body: { username, password: pw(password), role } });
    expect(r.status, r.text).toBe(201);
    return r.json.id as string;
  };

  /** Signs in from an address and a browser of its own, as a real second device would. */
  const signInFrom = async (username: string, password: string, ip: string, userAgent = CHROME_LINUX): Promise<Browser> => {
    const r = await h.call('POST', '/api/v1/session', { token: null, body: { username, password }, headers: { 'x-forwarded-for': ip, 'user-agent': userAgent } });
    expect(r.status, r.text).toBe(200);
    const setCookie = r.headers.get('set-cookie')!;
    return { cookie: cookiePair(setCookie), csrf: r.json.csrfToken as string, setCookie, ip };
  };

  /** Calls the REST API as that browser: its cookie, its CSRF token (unless told otherwise) and its address. */
  const as = (b: Browser) => (method: string, path: string, opts: { body?: unknown; csrf?: string | null } = {}) =>
    h.call(method, path, {
      token: null,
      ...(opts.body !== undefined ? { body: opts.body } : {}),
      headers: { cookie: b.cookie, 'x-forwarded-for': b.ip, ...(opts.csrf === null ? {} : { 'x-csrf-token': opts.csrf ?? b.csrf }) },
    });

  const trpcAs = async (b: Browser) =>
    createCaller(await createContextInner(h.rt, { headers: new Headers({ cookie: b.cookie, 'x-csrf-token': b.csrf, 'x-forwarded-for': b.ip }) }));

  const alive = async (b: Browser) => (await as(b)('GET', '/api/v1/session')).status;

  describe('changing your own password', () => {
    it('needs the right current password; then other sessions end, this one stays, and only the new password signs in', async () => {
      await setup();
      const [old, next] = [pw('old-secret-words-c1'), pw('a-brand-new-passphrase')];
      await makeUser('carol', old);
      const here = await signInFrom('carol', old, '198.51.100.10');
      const elsewhere = await signInFrom('carol', old, '198.51.100.11', FIREFOX_MAC);
      const change = (body: unknown, csrf?: string | null) => as(here)('PUT', '/api/v1/me/password', { body, ...(csrf !== undefined ? { csrf } : {}) });

      const wrong = await change({ currentPassword: pw('not-the-current-one'), newPassword: next });
      expect(wrong.status).toBe(400);
      expect(wrong.json.details).toEqual([{ path: 'currentPassword', message: 'wrong password' }]);
      const same = await change({ currentPassword: old, newPassword: old });
      expect(same.status).toBe(400);
      expect(same.json.details).toEqual([{ path: 'newPassword', message: 'must differ from the current password' }]);
      const withName = await change({ currentPassword: old, newPassword: pw('Carol-likes-long-passwords') });
      expect(withName.status).toBe(400);
      expect(withName.json.details).toEqual([{ path: 'newPassword', message: 'must not contain the user name' }]);
      const short = await change({ currentPassword: old, newPassword: pw('too-short') });
      expect(short.status).toBe(400);
      expect(short.json.details.map((d: { path: string }) => d.path)).toEqual(['newPassword']);
      expect((await change({ currentPassword: old, newPassword: next }, null)).status).toBe(403); // no CSRF token
      // An API token has no password of its own to change: a clear 400, not a 403 that suggests a missing role.
      const byToken = await h.call('PUT', '/api/v1/me/password', { body: { currentPassword: old, newPassword: next } });
      expect(byToken.status).toBe(400);
      expect(byToken.json.details[0].path).toBe('authorization');
      expect(await alive(elsewhere)).toBe(200); // nothing changed so far

      const before = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'carol' } });
      const ok = await change({ currentPassword: old, newPassword: next });
      expect(ok.status, ok.text).toBe(200);
      expect(ok.json).toMatchObject({ endedSessions: 1 });
      expect(ok.text).not.toContain(next);
      expect(await alive(here)).toBe(200);
      expect(await alive(elsewhere)).toBe(401);
      expect((await as(here)('POST', '/api/v1/me/sessions/end-others')).status).toBe(200); // the CSRF token still fits
      const after = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'carol' } });
      expect(after.passwordChangedAt!.getTime()).toBeGreaterThan(before.passwordChangedAt!.getTime());
      expect(after.passwordHash).not.toBe(before.passwordHash);

      const oldSignIn = await h.call('POST', '/api/v1/session', { token: null, body: { username: 'carol', password: old }, headers: { 'x-forwarded-for': '198.51.100.12' } });
      expect(oldSignIn.status).toBe(401);
      await expect(signInFrom('carol', next, '198.51.100.12')).resolves.toBeDefined();
    });

    it('counts wrong current passwords against the sign-in limit: 429 after 5, for the change and for sign-in', async () => {
      await setup();
      const password = pw('guards-his-password-d1');
      await makeUser('dave', password);
      const s = await signInFrom('dave', password, '198.51.100.20');
      for (let i = 0; i < 5; i++) {
        const r = await as(s)('PUT', '/api/v1/me/password', { body: { currentPassword: pw(`guess-number-${i}`), newPassword: pw('wants-this-one-next-d2') } });
        expect(r.status, r.text).toBe(400);
      }
      const limited = await as(s)('PUT', '/api/v1/me/password', { body: { currentPassword: password, newPassword: 'wants-this-one-next-d2' } });
      expect(limited.status).toBe(429);
      expect(limited.json.code).toBe('rate_limited');
      expect(limited.json.details).toEqual([{ path: 'currentPassword', message: 'too many wrong passwords' }]);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800);
      // The same counter as sign-in: the account is locked for password guesses whichever door they use.
      const signIn = await h.call('POST', '/api/v1/session', { token: null, body: { username: 'dave', password }, headers: { 'x-forwarded-for': '198.51.100.21' } });
      expect(signIn.status).toBe(429);
      expect(await alive(s)).toBe(200); // the session itself is not ended by guessing
      expect((await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'dave' } })).passwordHash).toBeTruthy();
    });
  });

  describe('your sessions', () => {
    it('lists the active sessions with the current one marked, ends one, and ends all others', async () => {
      await setup();
      const password = pw('has-many-browsers-e1');
      await makeUser('erin', password);
      const laptop = await signInFrom('erin', password, '198.51.100.30', CHROME_LINUX);
      const phone = await signInFrom('erin', password, '198.51.100.31', FIREFOX_MAC);

      const list = await as(laptop)('GET', '/api/v1/me/sessions');
      expect(list.status).toBe(200);
      expect(list.headers.get('cache-control')).toBe('no-store');
      expect(list.json.items).toHaveLength(2);
      const [current, other] = list.json.items;
      expect(current).toMatchObject({ current: true, sourceIp: '198.51.100.30', userAgent: CHROME_LINUX, provider: 'local' });
      expect(other).toMatchObject({ current: false, sourceIp: '198.51.100.31', userAgent: FIREFOX_MAC });
      for (const s of list.json.items) {
        expect(s.id).toMatch(/^[0-9a-f]{16}$/);
        for (const k of ['createdAt', 'lastSeenAt', 'idleExpiresAt', 'expiresAt']) expect(Date.parse(s[k]), k).not.toBeNaN();
      }
      // The display ids are neither the cookies nor the stored ids (hashes of the cookies), nor a prefix of them.
      const stored = (await t.db.prisma.session.findMany()).map((r) => r.id);
      for (const b of [laptop, phone]) {
        const cookieValue = decodeURIComponent(b.cookie.slice('gh_session='.length));
        const storedId = createHash('sha256').update(cookieValue).digest('hex');
        expect(stored).toContain(storedId);
        expect(list.text).not.toContain(cookieValue);
        expect(list.text).not.toContain(storedId.slice(0, 16));
      }
      expect((await as(phone)('GET', '/api/v1/me/sessions')).json.items.find((s: { current: boolean }) => s.current).id).toBe(other.id);

      expect((await as(laptop)('DELETE', `/api/v1/me/sessions/${current.id}`)).status).toBe(422); // sign out instead
      expect((await as(laptop)('DELETE', '/api/v1/me/sessions/0123456789abcdef')).status).toBe(404);
      expect((await as(laptop)('DELETE', `/api/v1/me/sessions/${other.id}`, { csrf: null })).status).toBe(403);
      const ended = await as(laptop)('DELETE', `/api/v1/me/sessions/${other.id}`);
      expect(ended.status).toBe(204);
      expect(await alive(phone)).toBe(401);
      expect(await alive(laptop)).toBe(200);
      expect((await as(laptop)('GET', '/api/v1/me/sessions')).json.items).toHaveLength(1);

      const tablet = await signInFrom('erin', password, '198.51.100.32');
      const desktop = await signInFrom('erin', password, '198.51.100.33');
      const others = await as(laptop)('POST', '/api/v1/me/sessions/end-others');
      expect(others.status).toBe(200);
      expect(others.json).toEqual({ endedSessions: 2 });
      expect([await alive(tablet), await alive(desktop), await alive(laptop)]).toEqual([401, 401, 200]);

      // Token callers have no sessions of their own.
      expect((await h.call('GET', '/api/v1/me/sessions')).status).toBe(400);
    });

    it("cannot name another account's session", async () => {
      await setup();
      const [a, b] = [pw('first-password-of-f1'), pw('first-password-of-g1')];
      await makeUser('fay', a);
      const gusId = await makeUser('gus', b);
      const fay = await signInFrom('fay', a, '198.51.100.40');
      const gus = await signInFrom('gus', b, '198.51.100.41');
      const gusSession = (await h.call('GET', `/api/v1/users/${gusId}/sessions`)).json.items[0];
      expect((await as(fay)('DELETE', `/api/v1/me/sessions/${gusSession.id}`)).status).toBe(404);
      expect(await alive(gus)).toBe(200);
    });

    it('serves the same operations through tRPC (me.*), for browser sessions only', async () => {
      await setup();
      const password = pw('uses-the-console-h1');
      await makeUser('hal', password);
      const one = await signInFrom('hal', password, '198.51.100.50');
      const two = await signInFrom('hal', password, '198.51.100.51');
      const { me } = await trpcAs(one);
      const sessions = await me.sessions();
      expect(sessions.map((s) => s.current)).toEqual([true, false]);
      await expect(me.changePassword({ currentPassword: pw('wrong-password-h2'), newPassword: pw('next-password-h22') })).rejects.toMatchObject({
        code: 'BAD_REQUEST', cause: { details: [{ path: 'currentPassword', message: 'wrong password' }] },
      });
      await expect(me.endSession({ id: sessions[1]!.id })).resolves.toEqual({ ended: sessions[1]!.id });
      expect(await alive(two)).toBe(401);
      const three = await signInFrom('hal', password, '198.51.100.52');
      await expect(me.endOtherSessions()).resolves.toEqual({ endedSessions: 1 });
      expect(await alive(three)).toBe(401);
      const changed = await me.changePassword({ currentPassword: password, newPassword: pw('next-password-h22') });
      expect(changed.endedSessions).toBe(0);
      const byToken = createCaller(await createContextInner(h.rt, { headers: new Headers({ authorization: 'Bearer gh_test-admin-token-0123456789abcdef' }) }));
      await expect(byToken.me.sessions()).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });
  });

  describe('administrators and sessions', () => {
    it('an admin sees and ends all sessions of another account; a viewer may do neither (403)', async () => {
      await setup();
      const password = pw('is-a-viewer-here-i1');
      const ivyId = await makeUser('ivy', password);
      const admin = await signInFrom(OWNER.username, OWNER.password, '198.51.100.60');
      const ivy1 = await signInFrom('ivy', password, '198.51.100.61');
      const ivy2 = await signInFrom('ivy', password, '198.51.100.62', FIREFOX_MAC);
      const owner = await t.db.prisma.user.findUniqueOrThrow({ where: { username: OWNER.username } });

      const seen = await as(admin)('GET', `/api/v1/users/${ivyId}/sessions`);
      expect(seen.status).toBe(200);
      expect(seen.json.items.map((s: { sourceIp: string; current: boolean }) => `${s.sourceIp}:${s.current}`).sort()).toEqual(['198.51.100.61:false', '198.51.100.62:false']);
      const mine = await as(admin)('GET', `/api/v1/users/${owner.id}/sessions`);
      expect(mine.json.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);

      // A viewer can neither see nor end another account's sessions, by REST or tRPC.
      expect((await as(ivy1)('GET', `/api/v1/users/${owner.id}/sessions`)).status).toBe(403);
      expect((await as(ivy1)('DELETE', `/api/v1/users/${owner.id}/sessions`)).status).toBe(403);
      const viewer = await trpcAs(ivy1);
      await expect(viewer.users.sessions({ id: owner.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(viewer.users.endSessions({ id: owner.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await alive(admin)).toBe(200);

      expect((await as(admin)('DELETE', `/api/v1/users/${ivyId}/sessions`, { csrf: null })).status).toBe(403);
      const out = await as(admin)('DELETE', `/api/v1/users/${ivyId}/sessions`);
      expect(out.status).toBe(200);
      expect(out.json).toEqual({ endedSessions: 2 });
      expect([await alive(ivy1), await alive(ivy2), await alive(admin)]).toEqual([401, 401, 200]);
      expect((await as(admin)('GET', `/api/v1/users/${ivyId}/sessions`)).json.items).toEqual([]);
      // The password stays: signing out everywhere is not a lock-out.
      await expect(signInFrom('ivy', password, '198.51.100.63')).resolves.toBeDefined();
      expect((await as(admin)('DELETE', '/api/v1/users/no-such-user/sessions')).status).toBe(404);
      expect((await as(admin)('GET', '/api/v1/users/no-such-user/sessions')).status).toBe(404);

      const adminTrpc = await trpcAs(admin);
      expect(await adminTrpc.users.sessions({ id: ivyId })).toHaveLength(1);
      await expect(adminTrpc.users.endSessions({ id: ivyId })).resolves.toEqual({ endedSessions: 1 });
    });

    it('a password reset by an admin refuses one that contains the user name, and ends every session', async () => {
      await setup();
      const password = pw('initial-password-j1');
      const jonId = await makeUser('jon', password);
      const admin = await signInFrom(OWNER.username, OWNER.password, '198.51.100.70');
      const jon = await signInFrom('jon', password, '198.51.100.71');
      const bad = await as(admin)('PUT', `/api/v1/users/${jonId}`, { body: { password: pw('jon-gets-this-password') } });
      expect(bad.status).toBe(400);
      expect(bad.json.details).toEqual([{ path: 'password', message: 'must not contain the user name' }]);
      expect(await alive(jon)).toBe(200);
      expect((await as(admin)('PUT', `/api/v1/users/${jonId}`, { body: { password: pw('a-reset-by-the-admin') } })).status).toBe(200);
      expect(await alive(jon)).toBe(401);
    });

    it('a role change applies to open sessions at their next request, both ways', async () => {
      await setup();
      const password = pw('was-an-admin-once-k1');
      const kimId = await makeUser('kim', password, 'admin');
      const admin = await signInFrom(OWNER.username, OWNER.password, '198.51.100.80');
      const kim = await signInFrom('kim', password, '198.51.100.81');
      expect((await as(kim)('GET', '/api/v1/users')).status).toBe(200);
      const kimTrpc = await trpcAs(kim);
      expect((await kimTrpc.users.list()).length).toBeGreaterThan(1);

      const demoted = await as(admin)('PUT', `/api/v1/users/${kimId}`, { body: { role: 'viewer' } });
      expect(demoted.json.role).toBe('viewer');
      // The same cookie, no new sign-in: the next request already has the new role.
      expect((await as(kim)('GET', '/api/v1/session')).json.principal.role).toBe('viewer');
      expect((await as(kim)('GET', '/api/v1/users')).status).toBe(403);
      expect((await as(kim)('POST', '/api/v1/namespaces/accounts/configmaps', { body: cm('by-demoted') })).status).toBe(403);
      await expect((await trpcAs(kim)).users.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });

      expect((await as(admin)('PUT', `/api/v1/users/${kimId}`, { body: { role: 'editor' } })).json.role).toBe('editor');
      expect((await as(kim)('POST', '/api/v1/namespaces/accounts/configmaps', { body: cm('by-editor') })).status).toBe(201);
      expect(await alive(kim)).toBe(200); // a role change signs nobody out
      const events = await h.call('GET', '/api/v1/audit-events?kind=User&action=user.update&limit=1000');
      expect(events.json.items.filter((e: { name: string }) => e.name === 'kim').map((e: { message: string }) => e.message).sort()).toEqual(['role admin → viewer', 'role viewer → editor']);
    });
  });

  describe('audit', () => {
    it('records password changes and ended sessions, and never a password or its hash', async () => {
      await setup();
      const events = (await h.call('GET', '/api/v1/audit-events?kind=User&limit=1000')).json.items as { action: string; name: string; message: string; actor: { name: string } }[];
      const of = (action: string, name: string) => events.filter((e) => e.action === action && e.name === name);
      expect(of('user.password', 'carol')).toMatchObject([{ message: 'password changed by the user; 1 other session(s) ended', actor: { name: 'carol' } }]);
      expect(of('user.password.failed', 'carol')).toMatchObject([{ message: 'wrong current password in a password change', actor: { name: 'carol' } }]);
      expect(of('user.password.failed', 'dave')).toHaveLength(5);
      expect(of('session.end', 'erin')).toMatchObject([{ message: expect.stringMatching(/^session [0-9a-f]{16} from 198\.51\.100\.31 ended by the user$/) }]);
      expect(of('session.end-others', 'erin')).toMatchObject([{ message: '2 other session(s) ended by the user' }]);
      expect(of('user.sessions.end', 'ivy')).toMatchObject([
        { message: 'signed out everywhere by an administrator; 1 session(s) ended', actor: { name: OWNER.username } },
        { message: 'signed out everywhere by an administrator; 2 session(s) ended', actor: { name: OWNER.username } },
      ]);
      expect(of('user.password', 'jon')).toMatchObject([{ message: 'password reset; 1 session(s) ended' }]);

      const everything = await h.call('GET', '/api/v1/audit-events?limit=1000');
      for (const secret of [...PASSWORDS, '$scrypt$']) expect(everything.text, secret).not.toContain(secret);
      for (const u of await t.db.prisma.user.findMany()) if (u.passwordHash) expect(everything.text).not.toContain(u.passwordHash.split('$').at(-1));
      expect((await h.call('GET', '/api/v1/audit-events/verify')).json.intact).toBe(true);
    });
  });

  describe('OpenAPI', () => {
    it('lists the account operations', async () => {
      await setup();
      const doc = (await h.call('GET', '/api/v1/openapi.json', { token: null })).json;
      expect(Object.keys(doc.paths['/api/v1/me/password'])).toEqual(['put']);
      expect(Object.keys(doc.paths['/api/v1/me/sessions'])).toEqual(['get']);
      expect(Object.keys(doc.paths['/api/v1/me/sessions/{id}'])).toEqual(['delete']);
      expect(Object.keys(doc.paths['/api/v1/me/sessions/end-others'])).toEqual(['post']);
      expect(Object.keys(doc.paths['/api/v1/users/{id}/sessions']).sort()).toEqual(['delete', 'get']);
      expect(doc.paths['/api/v1/me/password'].put.requestBody.content['application/json'].schema.required.sort()).toEqual(['currentPassword', 'newPassword']);
    });
  });
});
