import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@gatehouse/db/testing/test-databases';
import { systemContext, type Role } from '../src/server/auth/principal';
import { createToken, revokeToken } from '../src/server/auth/token.service';
import { createUser } from '../src/server/auth/user.service';
import { allRoutes } from '../src/server/rest/router';
import { appRouter } from '../src/server/trpc/root';
import { createHarness, type Harness } from './support/console-harness';
import { serveHarness } from './support/serve-harness';

/**
 * The authorization matrix (issue 11 §1): every REST route and every tRPC procedure, called over real HTTP as each
 * kind of caller, against a table written here by hand. The table is the specification: it does not read the
 * product's grants, so a grant that changes by mistake fails here. A route or procedure the table does not know
 * fails too, so whoever adds one must say who may call it.
 *
 * Server actions (sign-in, setup, sign-out: open by design) need Next.js to be called: their table is
 * e2e/specs/server-actions-matrix.spec.ts, which calls each one in the build as each of these callers, against the
 * built console, and fails for an action without a row.
 */

/** Who calls. Revoked/expired credentials belong to administrators: a dead credential must not work whatever its role. */
const PRINCIPALS = ['anonymous', 'viewer', 'editor', 'admin', 'worker', 'revokedToken', 'expiredToken', 'expiredSession'] as const;
type PrincipalName = (typeof PRINCIPALS)[number];
/** Callers the server must treat as nobody: 401 on every protected route. */
const NOBODY: ReadonlySet<PrincipalName> = new Set(['anonymous', 'revokedToken', 'expiredToken', 'expiredSession']);
/** Callers that are people signed in to the console (a browser session with its CSRF token). */
const PEOPLE: ReadonlySet<PrincipalName> = new Set(['viewer', 'editor', 'admin']);

/**
 * Who may call:
 * - `public`: anyone, signed in or not (first-run setup, sign-in);
 * - `anyone`: any valid credential, token or session, of any role;
 * - `self`: a signed-in person acting on their own account; an API token gets 400 naming `authorization`;
 * - a list of roles: exactly those; any other valid caller gets 403.
 */
type Access = 'public' | 'anyone' | 'self' | readonly Role[];

const READ: readonly Role[] = ['viewer', 'editor', 'admin'];
const WRITE: readonly Role[] = ['editor', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
const FEED: readonly Role[] = ['worker', 'admin'];

interface Row {
  access: Access;
  /** The call ends the caller's session (sign-out): made with a session of its own. */
  spendsSession?: true;
}

const NAMESPACED_KINDS = ['gateways', 'httproutes', 'tlsroutes', 'referencegrants', 'listenersets', 'backendtlspolicies', 'upstreamtlspolicies', 'services', 'endpointslices', 'secrets', 'configmaps'];
const CLUSTER_KINDS = ['gatewayclasses', 'namespaces'];

function kindRows(): Record<string, Row> {
  const rows: Record<string, Row> = {};
  for (const p of NAMESPACED_KINDS) {
    Object.assign(rows, {
      [`GET /${p}`]: { access: READ },
      [`GET /namespaces/{namespace}/${p}`]: { access: READ },
      [`POST /namespaces/{namespace}/${p}`]: { access: WRITE },
      [`GET /namespaces/{namespace}/${p}/{name}`]: { access: READ },
      [`PUT /namespaces/{namespace}/${p}/{name}`]: { access: WRITE },
      [`DELETE /namespaces/{namespace}/${p}/{name}`]: { access: WRITE },
    });
  }
  for (const p of CLUSTER_KINDS) {
    Object.assign(rows, {
      [`GET /${p}`]: { access: READ },
      [`POST /${p}`]: { access: WRITE },
      [`GET /${p}/{name}`]: { access: READ },
      [`PUT /${p}/{name}`]: { access: WRITE },
      [`DELETE /${p}/{name}`]: { access: WRITE },
    });
  }
  return rows;
}

/** Every REST route, by `METHOD /path` below /api/v1. */
const REST: Record<string, Row> = {
  'GET /setup': { access: 'public' },
  'POST /setup': { access: 'public' },
  'POST /session': { access: 'public' },
  'POST /session/totp': { access: 'public' },
  'GET /oidc': { access: 'public' },
  'GET /oidc/login': { access: 'public' },
  'GET /oidc/callback': { access: 'public' },
  'GET /me/totp': { access: 'self' },
  'POST /me/totp': { access: 'self' },
  'POST /me/totp/confirm': { access: 'self' },
  'POST /me/totp/disable': { access: 'self' },
  'DELETE /users/{id}/totp': { access: ADMIN },
  'GET /session': { access: 'anyone' },
  'DELETE /session': { access: 'self', spendsSession: true },
  'PUT /me/password': { access: 'self' },
  'GET /me/sessions': { access: 'self' },
  'POST /me/sessions/end-others': { access: 'self' },
  'DELETE /me/sessions/{id}': { access: 'self' },
  'GET /users': { access: ADMIN },
  'POST /users': { access: ADMIN },
  'PUT /users/{id}': { access: ADMIN },
  'DELETE /users/{id}': { access: ADMIN },
  'GET /users/{id}/sessions': { access: ADMIN },
  'DELETE /users/{id}/sessions': { access: ADMIN },
  'POST /apply': { access: WRITE },
  'GET /export': { access: READ },
  'GET /audit-events': { access: READ },
  'GET /audit-events/verify': { access: READ },
  'GET /audit-events/export': { access: READ },
  'POST /audit-events/prune': { access: ADMIN },
  'GET /tokens': { access: ADMIN },
  'POST /tokens': { access: ADMIN },
  'DELETE /tokens/{id}': { access: ADMIN },
  'GET /feed/snapshot': { access: FEED },
  'POST /feed/status': { access: FEED },
  'GET /workers': { access: READ },
  ...kindRows(),
  'GET /certificates': { access: READ },
  'POST /certificates/root-ca': { access: WRITE },
  'POST /certificates/intermediate-ca': { access: WRITE },
  'POST /certificates/issue': { access: WRITE },
  'POST /certificates/import': { access: WRITE },
  'POST /certificates/sign-csr': { access: WRITE },
  'GET /certificates/{id}': { access: READ },
  'DELETE /certificates/{id}': { access: WRITE },
  'PUT /certificates/{id}/settings': { access: WRITE },
  'POST /certificates/{id}/renew': { access: WRITE },
  'POST /certificates/{id}/revoke': { access: WRITE },
  'GET /certificates/{id}/crl': { access: READ },
  'GET /certificates/{id}/export': { access: READ },
  'POST /certificates/{id}/export': { access: READ },
  'GET /certificates/{id}/usage': { access: READ },
  'GET /certificates/{id}/bindings': { access: READ },
  'POST /certificates/{id}/bindings': { access: WRITE },
  'DELETE /certificates/{id}/bindings/{bindingId}': { access: WRITE },
  'GET /clusters': { access: READ },
  'POST /clusters': { access: ADMIN },
  'GET /clusters/{name}': { access: READ },
  'DELETE /clusters/{name}': { access: ADMIN },
  'POST /clusters/{name}/install-crds': { access: ADMIN },
  'POST /clusters/{name}/plan': { access: WRITE },
  'POST /clusters/{name}/push': { access: WRITE },
  'GET /clusters/{name}/pushes': { access: READ },
  'GET /clusters/{name}/drift': { access: READ },
  'GET /clusters/{name}/statuses': { access: READ },
  'POST /clusters/{name}/import': { access: WRITE },
  'GET /notifications': { access: READ },
  'POST /notifications/read-all': { access: READ },
  'POST /notifications/check': { access: ADMIN },
  'POST /notifications/{id}/read': { access: READ },
  'GET /notification-channels': { access: ADMIN },
  'POST /notification-channels': { access: ADMIN },
  'GET /notification-channels/{id}': { access: ADMIN },
  'PUT /notification-channels/{id}': { access: ADMIN },
  'DELETE /notification-channels/{id}': { access: ADMIN },
  'POST /notification-channels/{id}/test': { access: ADMIN },
  'GET /notification-channels/{id}/deliveries': { access: ADMIN },
};

/** Query strings a route needs to answer at once (the feed would otherwise wait 25 s for a change). */
const REST_QUERY: Record<string, string> = {
  'GET /feed/snapshot': '?after=-1&wait=0',
};

interface ProcedureRow extends Row {
  /** An input the procedure's schema accepts, so a refusal cannot hide behind a validation error. */
  input?: unknown;
}

const REF = { plural: 'services', namespace: 'authz-matrix', name: 'absent' };
const ID = { id: 'absent' };
const CLUSTER = { name: 'absent' };

/** Every tRPC procedure, by path. */
const TRPC: Record<string, ProcedureRow> = {
  'resources.list': { access: READ, input: { plural: 'services' } },
  'resources.get': { access: READ, input: REF },
  'resources.create': { access: WRITE, input: { plural: 'services', namespace: 'authz-matrix', object: {} } },
  'resources.replace': { access: WRITE, input: { ...REF, object: {} } },
  'resources.delete': { access: WRITE, input: REF },
  'resources.applyObjects': { access: WRITE, input: { objects: [] } },
  'resources.export': { access: READ, input: {} },
  'audit.list': { access: READ, input: {} },
  'audit.verify': { access: READ },
  'audit.prune': { access: ADMIN, input: { olderThanDays: 3650 } },
  'users.list': { access: ADMIN },
  'users.create': { access: ADMIN, input: {} },
  'users.update': { access: ADMIN, input: { id: 'absent', patch: {} } },
  'users.disable': { access: ADMIN, input: ID },
  'users.sessions': { access: ADMIN, input: ID },
  'users.endSessions': { access: ADMIN, input: ID },
  'me.sessions': { access: 'self' },
  'me.changePassword': { access: 'self', input: {} },
  'me.endSession': { access: 'self', input: ID },
  'me.endOtherSessions': { access: 'self' },
  'me.totp': { access: 'self' },
  'me.beginTotp': { access: 'self', input: {} },
  'me.confirmTotp': { access: 'self', input: {} },
  'me.disableTotp': { access: 'self', input: {} },
  'users.resetTotp': { access: ADMIN, input: ID },
  'tokens.list': { access: ADMIN },
  'tokens.create': { access: ADMIN, input: {} },
  'tokens.revoke': { access: ADMIN, input: ID },
  'workers.list': { access: READ },
  'certificates.list': { access: READ, input: {} },
  'certificates.get': { access: READ, input: ID },
  'certificates.usage': { access: READ, input: ID },
  'certificates.bindings': { access: READ, input: ID },
  'certificates.crl': { access: READ, input: ID },
  'certificates.createRootCa': { access: WRITE, input: {} },
  'certificates.createIntermediateCa': { access: WRITE, input: {} },
  'certificates.issue': { access: WRITE, input: {} },
  'certificates.import': { access: WRITE, input: {} },
  'certificates.signCsr': { access: WRITE, input: {} },
  'certificates.renew': { access: WRITE, input: ID },
  'certificates.revoke': { access: WRITE, input: ID },
  'certificates.updateSettings': { access: WRITE, input: { id: 'absent', settings: {} } },
  'certificates.delete': { access: WRITE, input: ID },
  'certificates.bind': { access: WRITE, input: { id: 'absent', binding: {} } },
  'certificates.unbind': { access: WRITE, input: { id: 'absent', bindingId: 'absent' } },
  'certificates.export': { access: READ, input: { id: 'absent', options: {} } },
  'simulator.options': { access: READ },
  'simulator.run': { access: READ, input: {} },
  'probe.upstreamTls': { access: READ, input: {} },
  'topology.get': { access: READ, input: {} },
  'examples.loadUpstreamTls': { access: WRITE, input: {} },
  'relationships.of': { access: READ, input: REF },
  'certificateWizard.preview': { access: WRITE, input: {} },
  'certificateWizard.inspectCsr': { access: READ, input: {} },
  'clusters.list': { access: READ },
  'clusters.get': { access: READ, input: CLUSTER },
  'clusters.register': { access: ADMIN, input: {} },
  'clusters.remove': { access: ADMIN, input: CLUSTER },
  'clusters.installCrds': { access: ADMIN, input: CLUSTER },
  'clusters.plan': { access: WRITE, input: { ...CLUSTER, body: {} } },
  'clusters.push': { access: WRITE, input: { ...CLUSTER, body: {} } },
  'clusters.pushes': { access: READ, input: CLUSTER },
  'clusters.drift': { access: READ, input: CLUSTER },
  'clusters.objectDrift': { access: READ, input: {} },
  'clusters.statuses': { access: READ, input: { ...CLUSTER, namespace: 'authz-matrix' } },
  'clusters.import': { access: WRITE, input: { ...CLUSTER, body: {} } },
  'notifications.list': { access: READ },
  'notifications.unreadCount': { access: READ },
  'notifications.markRead': { access: READ, input: { id: 1 } },
  'notifications.markAllRead': { access: READ },
  'notifications.check': { access: ADMIN },
  'notifications.channels': { access: ADMIN },
  'notifications.channel': { access: ADMIN, input: ID },
  'notifications.createChannel': { access: ADMIN, input: {} },
  'notifications.updateChannel': { access: ADMIN, input: { id: 'absent', body: {} } },
  'notifications.deleteChannel': { access: ADMIN, input: ID },
  'notifications.testChannel': { access: ADMIN, input: ID },
  'notifications.deliveries': { access: ADMIN, input: ID },
  'references.check': { access: READ, input: {} },
  'references.candidates': { access: READ, input: {} },
  'search.objects': { access: READ, input: {} },
};

/** Path parameters: names that exist nowhere, so an allowed call changes nothing. */
const PARAMS: Record<string, string> = { namespace: 'authz-matrix', name: 'absent', id: 'absent', bindingId: 'absent' };

interface Answer {
  status: number;
  /** REST `code` or tRPC `data.code`, for the message of a failure. */
  code: string;
  /** Field paths the error names. */
  paths: string[];
}

/** What the table says a principal must get: `allowed` is any answer past authorization that is not a server error. */
type Expected = { allowed: true } | { status: 400 | 401 | 403 };

function expectedFor(access: Access, who: PrincipalName): Expected {
  if (access === 'public') return { allowed: true };
  if (NOBODY.has(who)) return { status: 401 };
  if (access === 'anyone') return { allowed: true };
  if (access === 'self') return PEOPLE.has(who) ? { allowed: true } : { status: 400 };
  return (access as readonly string[]).includes(who) ? { allowed: true } : { status: 403 };
}

function check(where: string, who: PrincipalName, access: Access, got: Answer): string | undefined {
  const want = expectedFor(access, who);
  if ('allowed' in want) {
    if (got.status === 401 || got.status === 403 || got.status >= 500) return `${where} as ${who}: expected to pass authorization, got ${got.status} ${got.code}`;
    return undefined;
  }
  if (got.status !== want.status) return `${where} as ${who}: expected ${want.status}, got ${got.status} ${got.code}`;
  // A token on a person's own-account route: the refusal names the credential, not a missing role.
  if (want.status === 400 && !got.paths.includes('authorization')) return `${where} as ${who}: 400 should name authorization, named ${got.paths.join(', ')}`;
  return undefined;
}

describe('authorization matrix: every REST route and tRPC procedure × every kind of caller', () => {
  let t: TestDatabase;
  let h: Harness;
  let server: { url: string; close(): Promise<void> };
  const credentials = new Map<PrincipalName, Record<string, string>>();
  const PASSWORD: Record<'viewer' | 'editor' | 'admin' | 'lapsed', string> = {
    viewer: 'viewer-matrix-password-1', editor: 'editor-matrix-password-1', admin: 'admin-matrix-password-1', lapsed: 'lapsed-matrix-password-1',
  };

  async function signIn(username: string, password: string): Promise<Record<string, string>> {
    const r = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(r.status, await r.clone().text()).toBe(200);
    const cookie = /^(gh_session=[^;]*)/.exec(r.headers.get('set-cookie') ?? '')?.[1];
    const { csrfToken } = (await r.json()) as { csrfToken: string };
    if (!cookie) throw new Error('sign-in set no cookie');
    return { cookie, 'x-csrf-token': csrfToken };
  }

  async function credentialFor(who: PrincipalName, fresh: boolean): Promise<Record<string, string>> {
    if (fresh && PEOPLE.has(who)) return signIn(`matrix-${who}`, PASSWORD[who as 'viewer']);
    return credentials.get(who)!;
  }

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    h = await createHarness(t.db);
    server = await serveHarness(h);
    const system = systemContext('authorization-matrix');
    for (const role of ['viewer', 'editor', 'admin'] as const) {
      await createUser(h.rt, system, { username: `matrix-${role}`, password: PASSWORD[role], role });
      credentials.set(role, await signIn(`matrix-${role}`, PASSWORD[role]));
    }
    credentials.set('anonymous', {});
    credentials.set('worker', { authorization: `Bearer ${(await createToken(h.rt, system, { name: 'matrix-worker', role: 'worker' })).token}` });
    const revoked = await createToken(h.rt, system, { name: 'matrix-revoked', role: 'admin' });
    await revokeToken(h.rt, system, revoked.id);
    credentials.set('revokedToken', { authorization: `Bearer ${revoked.token}` });
    const expired = await createToken(h.rt, system, { name: 'matrix-expired', role: 'admin', expiresInDays: 1 });
    // Expiry is the row's date as the store holds it: move it into the past rather than wait a day.
    await t.db.prisma.apiToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    credentials.set('expiredToken', { authorization: `Bearer ${expired.token}` });
    const lapsed = await createUser(h.rt, system, { username: 'matrix-lapsed', password: PASSWORD.lapsed, role: 'admin' });
    credentials.set('expiredSession', await signIn('matrix-lapsed', PASSWORD.lapsed));
    await t.db.prisma.session.updateMany({ where: { userId: lapsed.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  it('has a row for every REST route and no row for a route that does not exist', () => {
    const routes = allRoutes().map((r) => `${r.method} ${r.path}`);
    expect(routes.filter((k) => !(k in REST)), 'REST routes without a row in the authorization table').toEqual([]);
    expect(Object.keys(REST).filter((k) => !routes.includes(k)), 'rows for REST routes that do not exist').toEqual([]);
    // The open routes are exactly the table's public ones.
    expect(allRoutes().filter((r) => !r.authenticated).map((r) => `${r.method} ${r.path}`).sort()).toEqual(Object.entries(REST).filter(([, r]) => r.access === 'public').map(([k]) => k).sort());
  });

  it('has a row for every tRPC procedure and no row for a procedure that does not exist', () => {
    const procedures = Object.keys(appRouter._def.procedures);
    expect(procedures.filter((k) => !(k in TRPC)), 'tRPC procedures without a row in the authorization table').toEqual([]);
    expect(Object.keys(TRPC).filter((k) => !procedures.includes(k)), 'rows for procedures that do not exist').toEqual([]);
  });

  it('answers every REST route as the table says, for every caller', async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const route of allRoutes()) {
      const key = `${route.method} ${route.path}`;
      const row = REST[key];
      if (!row) continue; // reported by the coverage test
      const path = route.path.replace(/\{(\w+)\}/g, (_, p: string) => PARAMS[p] ?? 'absent');
      for (const who of PRINCIPALS) {
        const headers = { ...(await credentialFor(who, row.spendsSession === true)) };
        const hasBody = route.method === 'POST' || route.method === 'PUT';
        const r = await fetch(`${server.url}/api/v1${path}${REST_QUERY[key] ?? ''}`, {
          method: route.method,
          headers: { ...headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
          ...(hasBody ? { body: '{}' } : {}),
        });
        const text = await r.text();
        const json = (text.startsWith('{') ? JSON.parse(text) : {}) as { code?: string; details?: { path: string }[] };
        calls++;
        const failure = check(key, who, row.access, { status: r.status, code: json.code ?? '', paths: (json.details ?? []).map((d) => d.path) });
        if (failure) failures.push(failure);
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBe(allRoutes().length * PRINCIPALS.length);
  }, 120_000);

  it('answers every tRPC procedure as the table says, for every caller', async () => {
    const failures: string[] = [];
    // At run time _def.procedures is flat (`resources.list` → procedure); its declared type is the nested router shape.
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>;
    for (const [path, procedure] of Object.entries(procedures)) {
      const row = TRPC[path];
      if (!row) continue; // reported by the coverage test
      const { type } = procedure._def;
      expect(type, `${path} is a ${type}; the matrix calls queries and mutations`).not.toBe('subscription');
      const encoded = row.input === undefined ? '' : JSON.stringify(row.input);
      for (const who of PRINCIPALS) {
        const headers = await credentialFor(who, row.spendsSession === true);
        const r = type === 'query'
          ? await fetch(`${server.url}/api/trpc/${path}${encoded ? `?input=${encodeURIComponent(encoded)}` : ''}`, { headers })
          : await fetch(`${server.url}/api/trpc/${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, ...(encoded ? { body: encoded } : {}) });
        const json = (await r.json()) as { error?: { data?: { code?: string; details?: { path: string }[] } } };
        const failure = check(path, who, row.access, { status: r.status, code: json.error?.data?.code ?? '', paths: (json.error?.data?.details ?? []).map((d) => d.path) });
        if (failure) failures.push(failure);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
