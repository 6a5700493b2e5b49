import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { openDatabase, type Database } from '@gatehouse/db/open-database';
import { expect, test } from '../fixtures/console-test';
import { DIST_DIR, startOwnConsole, type OwnConsole } from '../support/own-console';

/**
 * The authorization matrix's server actions (issue 11 §1, "server actions included"): every server action in the
 * build, called over HTTP the way Next.js's client calls one — POST to a page that uses it, `Next-Action: <id>` from
 * the build's server-reference-manifest.json, the arguments encoded by React's own `encodeReply` — as each kind of
 * caller of apps/console/test/authorization-matrix.int.test.ts, with the answer the table below says. An action the
 * table does not know fails the first test: whoever adds one must say who may call it and what it does for them.
 *
 * Server actions cannot see a bearer token (they read cookies only), so token callers are anonymous to them; what
 * matters is that no caller gets more than a stranger would. And Next.js runs an action only from a page of the
 * console's own origin (Origin against Host): every action is also called cross-origin, as each caller, and must
 * not run. The console is one of its own (support/own-console.ts): a fresh instance, so first-run setup can be
 * attempted before and after it is done.
 */

const PRINCIPALS = ['anonymous', 'viewer', 'editor', 'admin', 'worker', 'revokedToken', 'expiredToken', 'expiredSession'] as const;
type PrincipalName = (typeof PRINCIPALS)[number];
const PEOPLE = ['viewer', 'editor', 'admin'] as const;

/** What an action does for a caller. Each is checked against the answer and the state of the sessions and accounts. */
type Outcome =
  /** sign-in with a wrong password: the form's error, no session made, the caller's credential as it was */
  | 'refused: wrong password'
  /** sign-in with another account's password: a session for that account (not the caller's), the caller's as it was */
  | 'signs in the account in the form, nothing else'
  /** setup once an account exists: the form's error, no account made, no session */
  | 'refused: setup is done'
  /** sign-out with a live session: that session ends, every other one (the same person's included) stays */
  | 'ends the caller\'s own session only'
  /** sign-out with a dead session cookie: the cookie is cleared, no session ends */
  | 'clears the dead cookie, ends nothing'
  /** sign-out without a session cookie: the page's proxy sends the caller to sign in before any action runs */
  | 'sent to sign in: no session';

const all = (o: Outcome): Record<PrincipalName, Outcome[]> => Object.fromEntries(PRINCIPALS.map((p) => [p, [o]])) as Record<PrincipalName, Outcome[]>;

interface ActionRow {
  /** The page it is posted to, and that page's entry in the manifest's `workers`. */
  page: string;
  worker: string;
  rows: Record<PrincipalName, Outcome[]>;
}

/** Every server action in the build, by exported name. */
const SERVER_ACTIONS: Record<string, ActionRow> = {
  signInAction: {
    page: '/login', worker: 'app/login/page',
    rows: Object.fromEntries(PRINCIPALS.map((p) => [p, ['signs in the account in the form, nothing else', 'refused: wrong password']])) as Record<PrincipalName, Outcome[]>,
  },
  setupAction: { page: '/setup', worker: 'app/setup/page', rows: all('refused: setup is done') },
  signOutAction: {
    page: '/', worker: 'app/(console)/page',
    rows: {
      anonymous: ['sent to sign in: no session'],
      viewer: ['ends the caller\'s own session only'],
      editor: ['ends the caller\'s own session only'],
      admin: ['ends the caller\'s own session only'],
      worker: ['sent to sign in: no session'],
      revokedToken: ['sent to sign in: no session'],
      expiredToken: ['sent to sign in: no session'],
      expiredSession: ['clears the dead cookie, ends nothing'],
    },
  },
};

interface ManifestEntry {
  exportedName?: string;
  workers: Record<string, unknown>;
}

let manifestActions: Map<string, { id: string; entry: ManifestEntry }> | undefined;
/** The build's server actions by exported name (server-reference-manifest.json, written by `next build`). */
function buildActions(): Map<string, { id: string; entry: ManifestEntry }> {
  const path = join(DIST_DIR, 'server/server-reference-manifest.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: the console build (made by the Playwright web server) is not there`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { node: Record<string, ManifestEntry> };
  manifestActions ??= new Map(Object.entries(manifest.node).map(([id, entry]) => [entry.exportedName ?? `(unnamed ${id})`, { id, entry }]));
  return manifestActions;
}

// React's client-side encoder of server action arguments: the exact bytes a browser sends.
const { encodeReply } = createRequire(import.meta.url)('next/dist/compiled/react-server-dom-webpack/client.node.js') as { encodeReply(args: unknown[]): Promise<string | FormData> };

const BOOTSTRAP = 'gh_server-actions-bootstrap-0123456789';
const PASSWORD = 'matrix-action-password-1';
const TARGET = { username: 'action-target', password: 'sign-in-destination-password-9' };
const EVIL_ORIGIN = 'http://attacker.example';

interface ActionAnswer {
  status: number;
  /** The action's return value (the form state), when it returned one. */
  result?: { error?: string; fieldErrors?: Record<string, string> };
  /** Where the action redirected (x-action-redirect), or the proxy's Location. */
  redirect?: string;
  /** gh_session from Set-Cookie: a value, '' when cleared, undefined when not set. */
  sessionCookie?: string;
  body: string;
}

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

test.describe.configure({ mode: 'serial' });

let own: OwnConsole;
let db: Database;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  own = await startOwnConsole({ GATEHOUSE_BOOTSTRAP_TOKEN: BOOTSTRAP });
  db = await openDatabase({ url: `file:${join(own.dataDir, 'gatehouse.db')}`, dataDir: own.dataDir });
});

test.afterAll(async () => {
  await db?.close();
  await own?.stop();
});

async function callAction(name: string, args: unknown[], headers: Record<string, string>, origin = own.url): Promise<ActionAnswer> {
  const row = SERVER_ACTIONS[name]!;
  const body = await encodeReply(args);
  const res = await fetch(`${own.url}${row.page}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'next-action': buildActions().get(name)!.id, accept: 'text/x-component', origin, ...headers },
    body,
  });
  const text = await res.text();
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('gh_session='));
  const answer: ActionAnswer = { status: res.status, body: text.slice(0, 300) };
  if (setCookie !== undefined) answer.sessionCookie = /^gh_session=([^;]*)/.exec(setCookie)![1]!;
  const redirect = res.headers.get('x-action-redirect')?.split(';')[0] ?? res.headers.get('location') ?? undefined;
  if (redirect) answer.redirect = redirect;
  // The Flight answer: row 0 names the row holding the action's result ("a":"$@<id>").
  const rows = new Map(text.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
  const ref = /"a":"\$@([0-9a-f]+)"/.exec(rows.get('0') ?? '')?.[1];
  const raw = ref !== undefined ? rows.get(ref) : undefined;
  if (raw?.startsWith('{')) answer.result = JSON.parse(raw) as ActionAnswer['result'];
  return answer;
}

/** Signs in over the REST API: a session cookie header for the account. */
async function signIn(username: string, password: string): Promise<string> {
  const r = await fetch(`${own.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(r.status, await r.clone().text()).toBe(200);
  return /^(gh_session=[^;]*)/.exec(r.headers.get('set-cookie') ?? '')![1]!;
}

/** Who a credential is now: the account name, or undefined when the console does not accept it. */
async function whoIs(headers: Record<string, string>): Promise<string | undefined> {
  if (Object.keys(headers).length === 0) return undefined;
  const r = await fetch(`${own.url}/api/v1/session`, { headers });
  return r.status === 200 ? ((await r.json()) as { principal: { name: string } }).principal.name : undefined;
}

const admin = { authorization: `Bearer ${BOOTSTRAP}`, 'content-type': 'application/json' };
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(`${own.url}/api/v1${path}`, { method, headers: admin, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await r.text();
  return { status: r.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

test('every server action in the build has a row, and its page is one that uses it', () => {
  const actions = buildActions();
  expect([...actions.keys()].sort(), 'server actions without a row in SERVER_ACTIONS').toEqual(Object.keys(SERVER_ACTIONS).sort());
  for (const [name, row] of Object.entries(SERVER_ACTIONS)) {
    expect(Object.keys(actions.get(name)!.entry.workers), `${name} is used by ${row.worker}`).toContain(row.worker);
    expect(Object.keys(row.rows).sort(), `${name}: a row per caller`).toEqual([...PRINCIPALS].sort());
  }
});

test('first-run setup on a fresh console: refused without the setup code, with a wrong one and cross-origin; done with the code from the log', async () => {
  const setupCode = /first-run setup code: (\S+)/.exec(own.output())?.[1];
  expect(setupCode, 'the console logged a setup code').toBeTruthy();
  const fields = { username: 'first-admin', displayName: 'First Admin', password: PASSWORD, confirm: PASSWORD };
  const required = async () => ((await (await fetch(`${own.url}/api/v1/setup`)).json()) as { required: boolean }).required;

  const missing = await callAction('setupAction', [{}, form({ ...fields, setupCode: '' })], {});
  expect(missing.status).toBe(200);
  expect(missing.result?.fieldErrors).toHaveProperty('setupCode');
  const wrong = await callAction('setupAction', [{}, form({ ...fields, setupCode: 'WRONG-CODE1' })], {});
  expect(wrong.result?.error).toMatch(/setup code is not right/);
  expect(wrong.sessionCookie).toBeUndefined();
  // The right code from another origin: Next.js refuses before the action runs.
  const crossOrigin = await callAction('setupAction', [{}, form({ ...fields, setupCode: setupCode! })], {}, EVIL_ORIGIN);
  expect(crossOrigin.status).toBe(500);
  expect(crossOrigin.sessionCookie).toBeUndefined();
  expect(await required()).toBe(true);
  expect(await db.prisma.user.count()).toBe(0);

  const done = await callAction('setupAction', [{}, form({ ...fields, setupCode: setupCode! })], {});
  expect(done.status, done.body).toBe(200);
  expect(done.redirect).toBe('/');
  expect(await whoIs({ cookie: `gh_session=${done.sessionCookie}` })).toBe('first-admin');
  expect(await required()).toBe(false);
});

test.describe('every server action × every kind of caller', () => {
  const credentials = new Map<PrincipalName, Record<string, string>>();

  test.beforeAll(async () => {
    expect(await db.prisma.user.count(), 'setup ran first').toBe(1);
    const made = async (body: object) => {
      const r = await api('POST', '/users', body);
      expect(r.status, JSON.stringify(r.json)).toBe(201);
    };
    for (const role of PEOPLE) await made({ username: `action-${role}`, password: PASSWORD, role });
    await made({ ...TARGET, role: 'viewer' });
    await made({ username: 'action-lapsed', password: PASSWORD, role: 'admin' });
    credentials.set('anonymous', {});
    for (const role of PEOPLE) credentials.set(role, { cookie: await signIn(`action-${role}`, PASSWORD) });
    const worker = await api('POST', '/tokens', { name: 'action-worker', role: 'worker' });
    credentials.set('worker', { authorization: `Bearer ${String(worker.json.token)}` });
    const revoked = await api('POST', '/tokens', { name: 'action-revoked', role: 'admin' });
    expect((await api('DELETE', `/tokens/${String(revoked.json.id)}`)).status).toBe(200);
    credentials.set('revokedToken', { authorization: `Bearer ${String(revoked.json.token)}` });
    const expired = await api('POST', '/tokens', { name: 'action-expired', role: 'admin', expiresInDays: 1 });
    // Expiry is the row's date as the store holds it: moved into the past rather than waiting a day.
    await db.prisma.apiToken.update({ where: { id: String(expired.json.id) }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    credentials.set('expiredToken', { authorization: `Bearer ${String(expired.json.token)}` });
    credentials.set('expiredSession', { cookie: await signIn('action-lapsed', PASSWORD) });
    const lapsed = await db.prisma.user.findUniqueOrThrow({ where: { username: 'action-lapsed' } });
    await db.prisma.session.updateMany({ where: { userId: lapsed.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    // Each credential is what its name says before any action is called.
    expect(await whoIs(credentials.get('viewer')!)).toBe('action-viewer');
    expect(await whoIs(credentials.get('worker')!)).toContain('action-worker');
    for (const dead of ['revokedToken', 'expiredToken', 'expiredSession'] as const) expect(await whoIs(credentials.get(dead)!), dead).toBeUndefined();
  });

  /** Every credential's standing (who it is, or dead), to compare before and after a call. */
  async function standing(): Promise<Record<string, string | undefined>> {
    return Object.fromEntries(await Promise.all([...credentials].map(async ([who, h]) => [who, await whoIs(h)] as const)));
  }
  const liveSessions = () => db.prisma.session.count({ where: { expiresAt: { gt: new Date() } } });

  /** Runs one outcome's call as `who` and checks the answer and what changed; returns failures as sentences. */
  async function check(action: string, who: PrincipalName, outcome: Outcome): Promise<string[]> {
    const failures: string[] = [];
    const expectThat = (ok: boolean, what: string) => {
      if (!ok) failures.push(`${action} as ${who} (${outcome}): ${what}`);
    };
    const before = await standing();
    const sessionsBefore = await liveSessions();
    const usersBefore = await db.prisma.user.count();
    let headers = credentials.get(who)!;
    let bystander: Record<string, string> | undefined;
    if (outcome === 'ends the caller\'s own session only') {
      // A session of its own to spend; the principal's standing session is the same person's other session.
      bystander = headers;
      headers = { cookie: await signIn(`action-${who}`, PASSWORD) };
    }
    const call = (fields: Record<string, string>) => callAction(action, [{}, form(fields)], headers);
    switch (outcome) {
      case 'refused: wrong password': {
        const a = await call({ username: TARGET.username, password: 'not-the-password', next: '/' });
        expectThat(a.status === 200 && a.result?.error === 'Wrong user name or password', `answer ${a.status} ${JSON.stringify(a.result)}`);
        expectThat(a.sessionCookie === undefined, 'a session cookie was set');
        expectThat((await liveSessions()) === sessionsBefore, 'a session was made');
        break;
      }
      case 'signs in the account in the form, nothing else': {
        const a = await call({ username: TARGET.username, password: TARGET.password, next: '/gateways' });
        expectThat(a.status === 200 && a.redirect === '/gateways', `answer ${a.status}, redirect ${a.redirect}`);
        expectThat(!!a.sessionCookie && (await whoIs({ cookie: `gh_session=${a.sessionCookie}` })) === TARGET.username, 'the new session is not the form\'s account');
        expectThat((await liveSessions()) === sessionsBefore + 1, 'not exactly one session made');
        break;
      }
      case 'refused: setup is done': {
        // With a code that would have been good on a fresh console: the bootstrap token.
        const a = await call({ username: `intruder-${who}`, password: PASSWORD, confirm: PASSWORD, setupCode: BOOTSTRAP });
        expectThat(a.status === 200 && /setup is already done/i.test(a.result?.error ?? ''), `answer ${a.status} ${JSON.stringify(a.result)}`);
        expectThat(a.sessionCookie === undefined, 'a session cookie was set');
        expectThat((await db.prisma.user.count()) === usersBefore, 'an account was made');
        break;
      }
      case 'ends the caller\'s own session only': {
        const a = await callAction(action, [form({})], headers);
        expectThat(a.status === 200 && a.redirect === '/login?signedOut=1', `answer ${a.status}, redirect ${a.redirect}`);
        expectThat(a.sessionCookie === '', 'the cookie was not cleared');
        expectThat((await whoIs(headers)) === undefined, 'the spent session still works');
        expectThat((await whoIs(bystander!)) === `action-${who}`, 'the same person\'s other session ended');
        break;
      }
      case 'clears the dead cookie, ends nothing': {
        const a = await callAction(action, [form({})], headers);
        expectThat(a.status === 200 && a.redirect === '/login?signedOut=1', `answer ${a.status}, redirect ${a.redirect}`);
        expectThat(a.sessionCookie === '', 'the cookie was not cleared');
        expectThat((await liveSessions()) === sessionsBefore, 'a live session ended');
        break;
      }
      case 'sent to sign in: no session': {
        const a = await callAction(action, [form({})], headers);
        expectThat(a.status === 307 && a.redirect === '/login', `answer ${a.status}, redirect ${a.redirect}`);
        expectThat(a.sessionCookie === undefined, 'a cookie was set');
        expectThat((await liveSessions()) === sessionsBefore, 'a session ended');
        break;
      }
    }
    // Whatever it did, every other credential is as it was (the caller's too, unless it was spent here).
    const after = await standing();
    for (const p of PRINCIPALS) expectThat(after[p] === before[p], `${p}'s credential changed: ${before[p]} → ${after[p]}`);
    return failures;
  }

  test('answers every server action as the table says, for every caller', async () => {
    test.setTimeout(120_000);
    const failures: string[] = [];
    let calls = 0;
    for (const [action, row] of Object.entries(SERVER_ACTIONS)) {
      for (const who of PRINCIPALS) {
        for (const outcome of row.rows[who]) {
          failures.push(...(await check(action, who, outcome)));
          calls++;
        }
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBe(Object.values(SERVER_ACTIONS).reduce((n, r) => n + Object.values(r.rows).flat().length, 0));
  });

  test('a cross-origin call runs no server action, for any caller', async () => {
    test.setTimeout(120_000);
    const failures: string[] = [];
    for (const action of Object.keys(SERVER_ACTIONS)) {
      for (const who of PRINCIPALS) {
        const before = await standing();
        const sessions = await liveSessions();
        const users = await db.prisma.user.count();
        const headers = credentials.get(who)!;
        // The arguments that would succeed from the console's own pages.
        const args = action === 'signOutAction' ? [form({})] : [{}, form({ username: action === 'setupAction' ? `cross-${who}` : TARGET.username, password: action === 'setupAction' ? PASSWORD : TARGET.password, confirm: PASSWORD, setupCode: BOOTSTRAP, next: '/' })];
        const a = await callAction(action, args, headers, EVIL_ORIGIN);
        // Refused by Next.js (500, the action not run), or — sign-out without a session cookie — by the page's proxy.
        const refusedBy = a.status === 500 ? 'next' : a.status === 307 && action === 'signOutAction' && !headers.cookie ? 'proxy' : undefined;
        if (!refusedBy) failures.push(`${action} as ${who} from ${EVIL_ORIGIN}: answered ${a.status} ${a.body}`);
        if (a.sessionCookie !== undefined) failures.push(`${action} as ${who} from ${EVIL_ORIGIN}: set the session cookie`);
        if ((await liveSessions()) !== sessions) failures.push(`${action} as ${who} from ${EVIL_ORIGIN}: sessions changed`);
        if ((await db.prisma.user.count()) !== users) failures.push(`${action} as ${who} from ${EVIL_ORIGIN}: accounts changed`);
        const after = await standing();
        for (const p of PRINCIPALS) if (after[p] !== before[p]) failures.push(`${action} as ${who} from ${EVIL_ORIGIN}: ${p}'s credential changed`);
      }
    }
    expect(failures).toEqual([]);
  });
});
