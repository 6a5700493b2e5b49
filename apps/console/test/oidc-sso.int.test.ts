import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@gatehouse/db/testing/test-databases';
import { systemContext } from '../src/server/auth/principal';
import { createUser } from '../src/server/auth/user.service';
import { createHarness, type Harness } from './support/console-harness';
import { serveHarness } from './support/serve-harness';
import { freePort, startOpenIdProvider, type OpUser, type TestOpenIdProvider } from './support/test-openid-provider';

/**
 * Single sign-on against a real OpenID provider on loopback (zitadel/oidc's `op`, built from the Go module proxy),
 * driven by a browser-less client: it follows the redirects by hand, posts the provider's login form and carries
 * the cookies, over real HTTP to the console's REST handlers. No part of the protocol is simulated.
 */

const CLIENT = { id: 'gatehouse-console', secret: 'op-client-secret-9f3c2a77e1' };
const PASSWORD = 'provider-password-1';
const USERS: OpUser[] = [
  { id: 'sub-ada', username: 'ada', password: PASSWORD, name: 'Ada Admin', groups: ['gh-admins', 'staff'] },
  { id: 'sub-eli', username: 'eli', password: PASSWORD, name: 'Eli Editor', groups: ['gh-viewers', 'gh-editors'] },
  { id: 'sub-vic', username: 'vic', password: PASSWORD, name: 'Vic Viewer', groups: ['gh-viewers'] },
  { id: 'sub-max', username: 'max', password: PASSWORD, name: 'Max Marketing', groups: ['marketing'] },
  { id: 'sub-root', username: 'breakglass', password: PASSWORD, name: 'Namesake', groups: ['gh-admins'] },
];

/** A cookie jar of one browser: name → value, per the Set-Cookie headers seen. */
class Browser {
  readonly jar = new Map<string, string>();
  absorb(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0/i.test(line) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }
  header(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async get(url: string): Promise<Response> {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: this.header(), 'user-agent': 'oidc-test-browser' } });
    this.absorb(res);
    return res;
  }
}

describe('single sign-on (OpenID Connect) against a real provider', () => {
  let t: TestDatabase;
  let h: Harness;
  let op: TestOpenIdProvider;
  let consoleUrl: string;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    const port = await freePort();
    consoleUrl = `http://127.0.0.1:${port}`;
    op = await startOpenIdProvider({ users: USERS, clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUri: `${consoleUrl}/api/v1/oidc/callback` });
    t = await createTestDatabase('sqlite');
    h = await createHarness(t.db, {
      GATEHOUSE_PUBLIC_URL: consoleUrl, GATEHOUSE_OIDC_ISSUER: op.issuer, GATEHOUSE_OIDC_CLIENT_ID: CLIENT.id, GATEHOUSE_OIDC_CLIENT_SECRET: CLIENT.secret,
      GATEHOUSE_OIDC_ROLES: 'gh-admins=admin,gh-editors=editor,gh-viewers=viewer', GATEHOUSE_OIDC_NAME: 'Example SSO', GATEHOUSE_PASSWORD_LOGIN: 'hidden',
    });
    server = await serveHarness(h, port);
    // The break-glass administrator: a local account that the provider's namesake must never take over.
    await createUser(h.rt, systemContext('test'), { username: 'breakglass', password: 'local-emergency-password-7', role: 'admin' });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await op?.stop();
    await t?.dispose();
  });

  /** Console → provider → login form → provider → the console's callback URL (not yet followed). */
  async function throughProvider(b: Browser, username: string, next = '/gateways'): Promise<string> {
    const start = await b.get(`${consoleUrl}/api/v1/oidc/login?next=${encodeURIComponent(next)}`);
    expect(start.status).toBe(303);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(op.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${consoleUrl}/api/v1/oidc/callback`);
    expect(b.jar.get('gh_oidc')).toMatch(/^gh1\./);
    let res = await b.get(authorize.href);
    let location = new URL(res.headers.get('location')!, op.issuer);
    expect(location.pathname).toBe('/login/username');
    const id = location.searchParams.get('authRequestID')!;
    // The provider's own login form, posted as a browser would.
    res = await fetch(`${op.issuer}/login/username`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ id, username, password: PASSWORD }) });
    expect(res.status, await res.clone().text()).toBe(302);
    location = new URL(res.headers.get('location')!, op.issuer);
    for (let hops = 0; hops < 5 && location.origin === op.issuer; hops++) {
      res = await b.get(location.href);
      location = new URL(res.headers.get('location')!, op.issuer);
    }
    expect(location.href.startsWith(`${consoleUrl}/api/v1/oidc/callback?`)).toBe(true);
    expect(location.searchParams.get('code')).toBeTruthy();
    return location.href;
  }

  async function whoAmI(b: Browser) {
    const r = await fetch(`${consoleUrl}/api/v1/session`, { headers: { cookie: b.header() } });
    return { status: r.status, json: (await r.json()) as { session?: { user: { username: string; role: string; provider: string }; provider: string } } };
  }

  const auditOf = (action: string) => t.db.prisma.auditEvent.findMany({ where: { action }, orderBy: { id: 'asc' } });

  it('says what the sign-in page offers: single sign-on by name, password form hidden', async () => {
    const r = await fetch(`${consoleUrl}/api/v1/oidc`);
    expect(await r.json()).toEqual({ enabled: true, name: 'Example SSO', passwordLogin: 'hidden' });
  });

  it('signs a person in through the full code flow, creating an SSO account with the role of their group, and links them by subject after', async () => {
    const b = new Browser();
    const callback = await throughProvider(b, 'ada');
    const done = await b.get(callback);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/gateways');
    expect(b.jar.get('gh_session')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b.jar.has('gh_oidc')).toBe(false);
    const me = await whoAmI(b);
    expect(me.status).toBe(200);
    expect(me.json.session).toMatchObject({ provider: 'oidc', user: { username: 'ada', role: 'admin', provider: new URL(op.issuer).href } });
    const row = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'ada' } });
    expect(row).toMatchObject({ passwordHash: null, externalId: 'sub-ada', displayName: 'Ada Admin' });
    // A second sign-in finds the same account by (issuer, sub).
    const again = new Browser();
    await again.get(await throughProvider(again, 'ada'));
    expect((await whoAmI(again)).json.session?.user.username).toBe('ada');
    expect(await t.db.prisma.user.count({ where: { externalId: 'sub-ada' } })).toBe(1);
    // Audited: the account's creation and both sign-ins; never the code, the state or the client secret.
    const logins = (await auditOf('login')).filter((e) => e.name === 'ada');
    expect(logins).toHaveLength(2);
    expect(logins[0]!.message).toBe('signed in through Example SSO (role admin from groups)');
    expect((await auditOf('user.create')).filter((e) => e.name === 'ada')).toHaveLength(1);
    const code = new URL(callback).searchParams.get('code')!;
    const state = new URL(callback).searchParams.get('state')!;
    const everything = JSON.stringify(await t.db.prisma.auditEvent.findMany());
    for (const secret of [code, state, CLIENT.secret, b.jar.get('gh_session')!]) expect(everything).not.toContain(secret);
  });

  it('maps groups to the strongest role they grant', async () => {
    for (const [who, role] of [['eli', 'editor'], ['vic', 'viewer']] as const) {
      const b = new Browser();
      await b.get(await throughProvider(b, who));
      expect((await whoAmI(b)).json.session?.user.role, who).toBe(role);
    }
  });

  it('refuses a person whose groups map to no role, with the reason for the sign-in page, and audits it', async () => {
    const b = new Browser();
    const done = await b.get(await throughProvider(b, 'max'));
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/login?sso=no_role');
    expect(b.jar.has('gh_session')).toBe(false);
    expect(await t.db.prisma.user.findUnique({ where: { username: 'max' } })).toBeNull();
    const refused = (await auditOf('login.sso.failed')).filter((e) => e.name === 'max');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.message).toBe('no_role: groups: marketing maps to no role');
  });

  it('never lets the provider\'s namesake take over a local (break-glass) account', async () => {
    const b = new Browser();
    const done = await b.get(await throughProvider(b, 'breakglass'));
    expect(done.headers.get('location')).toBe('/login?sso=username_taken');
    const local = await t.db.prisma.user.findUniqueOrThrow({ where: { username: 'breakglass' } });
    expect(local).toMatchObject({ provider: 'local', externalId: null });
    // The hidden password form still signs the local account in (POST /session, /login?local=1 in the console).
    const r = await fetch(`${consoleUrl}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'breakglass', password: 'local-emergency-password-7' }) });
    expect(r.status).toBe(200);
  });

  it('refuses a callback whose state was tampered with', async () => {
    const b = new Browser();
    const callback = new URL(await throughProvider(b, 'ada'));
    callback.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const done = await b.get(callback.href);
    expect(done.headers.get('location')).toBe('/login?sso=state');
    expect(b.jar.has('gh_session')).toBe(false);
  });

  it('refuses a replayed code: the same callback twice, and the code pushed into another flow', async () => {
    const b = new Browser();
    const callback = await throughProvider(b, 'vic');
    const flowCookie = b.jar.get('gh_oidc')!;
    expect((await b.get(callback)).headers.get('location')).toBe('/gateways');
    // The same callback again, with the flow cookie it had: the state was spent.
    const replay = new Browser();
    replay.jar.set('gh_oidc', flowCookie);
    const again = await replay.get(callback);
    expect(again.headers.get('location')).toBe('/login?sso=replayed');
    expect(replay.jar.has('gh_session')).toBe(false);
    // An attacker starts a flow of their own and injects the victim's (spent) code with their own state: the
    // provider refuses the code (used, and bound to another PKCE challenge), so the console refuses the sign-in.
    const attacker = new Browser();
    const own = new URL((await attacker.get(`${consoleUrl}/api/v1/oidc/login`)).headers.get('location')!);
    const injected = new URL(callback);
    injected.searchParams.set('state', own.searchParams.get('state')!);
    const refused = await attacker.get(injected.href);
    expect(refused.headers.get('location')).toBe('/login?sso=token');
    expect(attacker.jar.has('gh_session')).toBe(false);
  });

  it('refuses a callback without the flow cookie (another browser) and a provider error', async () => {
    const b = new Browser();
    const callback = await throughProvider(b, 'eli');
    expect((await new Browser().get(callback)).headers.get('location')).toBe('/login?sso=expired');
    const c = new Browser();
    const own = new URL((await c.get(`${consoleUrl}/api/v1/oidc/login`)).headers.get('location')!);
    const denied = await c.get(`${consoleUrl}/api/v1/oidc/callback?error=access_denied&state=${own.searchParams.get('state')}`);
    expect(denied.headers.get('location')).toBe('/login?sso=provider');
  });

  it('refuses to start with an incomplete or insecure configuration', async () => {
    const { readConsoleEnv } = await import('../src/server/env');
    const base = { GATEHOUSE_PUBLIC_URL: consoleUrl, GATEHOUSE_OIDC_ISSUER: op.issuer, GATEHOUSE_OIDC_CLIENT_ID: 'x', GATEHOUSE_OIDC_CLIENT_SECRET: 'y', GATEHOUSE_OIDC_ROLES: 'a=admin' };
    expect(readConsoleEnv(base).oidc?.redirectUri).toBe(`${consoleUrl}/api/v1/oidc/callback`);
    expect(() => readConsoleEnv({ ...base, GATEHOUSE_OIDC_ISSUER: 'http://idp.example.com' })).toThrow(/https/);
    expect(() => readConsoleEnv({ ...base, GATEHOUSE_OIDC_ROLES: 'a=owner' })).toThrow(/not a role/);
    expect(() => readConsoleEnv({ ...base, GATEHOUSE_OIDC_CLIENT_SECRET: '' })).toThrow(/GATEHOUSE_OIDC_CLIENT_SECRET/);
    expect(() => readConsoleEnv({ ...base, GATEHOUSE_PUBLIC_URL: '' })).toThrow(/GATEHOUSE_PUBLIC_URL/);
  });
});
