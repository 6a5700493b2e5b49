import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { totpCode, totpStep } from '../src/server/auth/totp';
import { createHarness, type Harness } from './support/console-harness';
import { asBrowser, signIn } from './support/session-client';

/**
 * Two-step sign-in (TOTP, RFC 6238) over the REST API on both databases. Codes are computed here from the seed the
 * enrolment answered (totp.ts is checked against RFC 6238 Appendix B in totp.test.ts); the console's clock is
 * moved step by step, so drift and replay are exact.
 */

const PASSWORD = 'totp-user-password-1';

forEachDatabase((t) => {
  async function enrolled(username: string) {
    const h = await createHarness(t.db);
    let clock = new Date('2026-12-01T10:00:05Z');
    h.rt.now = () => clock;
    const setClock = (d: Date) => (clock = d);
    expect((await h.call('POST', '/api/v1/users', { body: { username, password: PASSWORD, role: 'editor' } })).status).toBe(201);
    const browser = asBrowser(h, await signIn(h, username, PASSWORD));
    expect((await browser('GET', '/api/v1/me/totp')).json).toEqual({ enabled: false, enabledAt: null, pending: false, recoveryCodesLeft: 0 });
    const wrongPassword = await browser('POST', '/api/v1/me/totp', { body: { currentPassword: 'not-the-password' } });
    expect(wrongPassword.status).toBe(400);
    const begin = await browser('POST', '/api/v1/me/totp', { body: { currentPassword: PASSWORD } });
    expect(begin.status, begin.text).toBe(200);
    const secret = begin.json.secret as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(begin.json.otpauthUri).toBe(`otpauth://totp/Gatehouse:${username}?secret=${secret}&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30`);
    expect(begin.json.qrSvg).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s);
    const stored = await t.db.prisma.user.findUniqueOrThrow({ where: { username } });
    expect(stored.totpPendingSecret).toMatch(/^gh1\./);
    expect(stored.totpPendingSecret).not.toContain(secret);
    // Still off until a code confirms that the app has the seed.
    expect((await h.call('POST', '/api/v1/session', { token: null, body: { username, password: PASSWORD } })).status).toBe(200);
    const step = totpStep(clock);
    expect((await browser('POST', '/api/v1/me/totp/confirm', { body: { code: totpCode(secret, step + 3) } })).status).toBe(400);
    const confirm = await browser('POST', '/api/v1/me/totp/confirm', { body: { code: totpCode(secret, step) } });
    expect(confirm.status, confirm.text).toBe(200);
    const recoveryCodes = confirm.json.recoveryCodes as string[];
    expect(recoveryCodes).toHaveLength(10);
    const row = await t.db.prisma.user.findUniqueOrThrow({ where: { username } });
    expect(row.totpSecret).toMatch(/^gh1\./);
    for (const c of recoveryCodes) expect(row.totpRecoveryCodes).not.toContain(c);
    return { h, secret, recoveryCodes, step, setClock, userId: row.id };
  }

  async function password(h: Harness, username: string) {
    const r = await h.call('POST', '/api/v1/session', { token: null, body: { username, password: PASSWORD } });
    expect(r.status, r.text).toBe(202);
    expect(r.headers.get('set-cookie')).toBeNull();
    expect(r.json.totpRequired).toBe(true);
    return r.json.challenge as string;
  }

  const code = (h: Harness, challenge: string, c: string) => h.call('POST', '/api/v1/session/totp', { token: null, body: { challenge, code: c } });

  describe('two-step sign-in (TOTP)', () => {
    it('enrols with a QR code, then asks for a code after the password; a code is never accepted twice; ±1 step of drift', async () => {
      const { h, secret, step, setClock } = await enrolled('tina');
      // The code that confirmed the enrolment was spent: the same step is refused at sign-in.
      expect((await code(h, await password(h, 'tina'), totpCode(secret, step))).status).toBe(401);
      setClock(new Date((step + 1) * 30_000 + 2_000));
      const ok = await code(h, await password(h, 'tina'), totpCode(secret, step + 1));
      expect(ok.status, ok.text).toBe(200);
      expect(ok.headers.get('set-cookie')).toMatch(/^gh_session=/);
      // Replayed within its window, with a fresh challenge: refused.
      const replay = await code(h, await password(h, 'tina'), totpCode(secret, step + 1));
      expect(replay.status).toBe(401);
      expect(replay.json.details).toEqual([{ path: 'code', message: 'wrong code' }]);
      // Drift: one step behind and one ahead are accepted, two are not.
      setClock(new Date((step + 10) * 30_000 + 1_000));
      expect((await code(h, await password(h, 'tina'), totpCode(secret, step + 8))).status).toBe(401);
      expect((await code(h, await password(h, 'tina'), totpCode(secret, step + 9))).status).toBe(200);
      expect((await code(h, await password(h, 'tina'), totpCode(secret, step + 12))).status).toBe(401);
      expect((await code(h, await password(h, 'tina'), totpCode(secret, step + 11))).status).toBe(200);
      // Audited without any code or seed.
      const events = await t.db.prisma.auditEvent.findMany({ where: { name: 'tina' } });
      expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['user.totp.enable', 'login', 'login.totp.failed']));
      expect(JSON.stringify(events)).not.toContain(secret);
      expect(events.filter((e) => e.action === 'login' && e.message === 'signed in with a password and a one-time code')).toHaveLength(3);
    });

    it('takes each recovery code once, refuses tampered or stale challenges, and rate limits wrong codes like passwords', async () => {
      const { h, recoveryCodes, step, setClock } = await enrolled('rita');
      const first = await code(h, await password(h, 'rita'), recoveryCodes[0]!.toLowerCase());
      expect(first.status, first.text).toBe(200);
      expect((await code(h, await password(h, 'rita'), recoveryCodes[0]!)).status).toBe(401);
      expect((await h.call('GET', '/api/v1/users')).json.items.find((u: { username: string }) => u.username === 'rita')).toBeTruthy();
      const login = (await t.db.prisma.auditEvent.findMany({ where: { name: 'rita', action: 'login' } })).at(-1)!;
      expect(login.message).toBe('signed in with a password and a recovery code (9 left)');
      // A challenge is the server's own, sealed, and dies after five minutes.
      const challenge = await password(h, 'rita');
      const tampered = `${challenge.slice(0, -4)}AAAA`;
      expect((await code(h, tampered, recoveryCodes[1]!)).json.details).toEqual([{ path: 'challenge', message: 'expired or invalid' }]);
      setClock(new Date(step * 30_000 + 6 * 60_000));
      expect((await code(h, challenge, recoveryCodes[1]!)).status).toBe(401);
      // Wrong codes: five per user name within 15 minutes (the spent recovery code above was the first), then 429
      // before any password or code is checked.
      for (let i = 0; i < 4; i++) expect((await code(h, await password(h, 'rita'), '000000')).status).toBe(401);
      const limited = await h.call('POST', '/api/v1/session', { token: null, body: { username: 'rita', password: PASSWORD } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('lets an administrator reset it (a lost phone), and the user turn it off with their password', async () => {
      const { h, userId } = await enrolled('lara');
      const viewer = await h.tokenFor('viewer');
      expect((await h.call('DELETE', `/api/v1/users/${userId}/totp`, { token: viewer })).status).toBe(403);
      const reset = await h.call('DELETE', `/api/v1/users/${userId}/totp`);
      expect(reset.status, reset.text).toBe(200);
      expect(reset.json.enabled).toBe(false);
      expect((await h.call('POST', '/api/v1/session', { token: null, body: { username: 'lara', password: PASSWORD } })).status).toBe(200);
      expect(await t.db.prisma.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ totpSecret: null, totpRecoveryCodes: null });
      const again = await enrolled('lena');
      const browser = asBrowser(again.h, await signInWithCode(again.h, 'lena', again.recoveryCodes[0]!));
      expect((await browser('POST', '/api/v1/me/totp/disable', { body: { currentPassword: 'wrong-password-here' } })).status).toBe(400);
      expect((await browser('POST', '/api/v1/me/totp/disable', { body: { currentPassword: PASSWORD } })).status).toBe(204);
      expect((await again.h.call('POST', '/api/v1/session', { token: null, body: { username: 'lena', password: PASSWORD } })).status).toBe(200);
    });
  });

  async function signInWithCode(h: Harness, username: string, c: string) {
    const r = await code(h, await password(h, username), c);
    expect(r.status).toBe(200);
    const setCookie = r.headers.get('set-cookie')!;
    return { cookie: /^(gh_session=[^;]*)/.exec(setCookie)![1]!, csrf: r.json.csrfToken as string, setCookie };
  }
});
