import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { createContextInner } from '../src/server/trpc/init';
import { createCaller } from '../src/server/trpc/root';
import { ADMIN_TOKEN, createHarness, type Harness } from './support/console-harness';
import { asBrowser, signIn } from './support/session-client';

const PASSWORDS = {
  admin: 'users-admin-password-1',
  viewer: 'viewer-password-one-1',
  reset: 'viewer-password-two-2',
  second: 'another-admin-password',
};
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } });

forEachDatabase((t) => {
  let h: Harness;
  const setup = async () => {
    if (h) return h;
    h = await createHarness(t.db);
    expect((await h.call('POST', '/api/v1/setup', { token: null, body: { setupCode: ADMIN_TOKEN, username: 'owner', password: PASSWORDS.admin } })).status).toBe(201);
    return h;
  };

  describe('console accounts', () => {
    it('lets admins create accounts and change roles, which apply to open sessions at once', async () => {
      await setup();
      const admin = asBrowser(h, await signIn(h, 'owner', PASSWORDS.admin));
      const created = await admin('POST', '/api/v1/users', { body: { username: 'vera', displayName: 'Vera Viewer', password: PASSWORDS.viewer, role: 'viewer' } });
      expect(created.status, created.text).toBe(201);
      expect(created.json).toMatchObject({ username: 'vera', role: 'viewer', provider: 'local', createdBy: 'owner', disabledAt: null });
      expect(created.text).not.toContain('scrypt');
      expect((await admin('POST', '/api/v1/users', { body: { username: 'vera', password: 'another-long-password', role: 'viewer' } })).status).toBe(409);
      const weak = await admin('POST', '/api/v1/users', { body: { username: 'weak', password: 'too-short', role: 'superuser' } });
      expect(weak.status).toBe(400);
      expect(weak.json.details.map((d: { path: string }) => d.path).sort()).toEqual(['password', 'role']);

      const vera = asBrowser(h, await signIn(h, 'vera', PASSWORDS.viewer));
      expect((await vera('GET', '/api/v1/namespaces')).status).toBe(200);
      const refused = await vera('POST', '/api/v1/namespaces/roles/configmaps', { body: cm('by-viewer') });
      expect(refused.status).toBe(403);
      expect(refused.json.message).toMatch(/role viewer may not change resources/);
      expect((await vera('GET', '/api/v1/users')).status).toBe(403);

      const promoted = await admin('PUT', `/api/v1/users/${created.json.id}`, { body: { role: 'editor' } });
      expect(promoted.json.role).toBe('editor');
      expect((await vera('POST', '/api/v1/namespaces/roles/configmaps', { body: cm('by-editor') })).status).toBe(201);
      const list = await admin('GET', '/api/v1/users');
      expect(list.json.items.map((u: { username: string; role: string }) => `${u.username}:${u.role}`)).toEqual(['owner:admin', 'vera:editor']);
    });

    it('keeps the last active administrator and refuses to disable your own account', async () => {
      await setup();
      const owner = await h.rt.db.prisma.user.findUniqueOrThrow({ where: { username: 'owner' } });
      const admin = asBrowser(h, await signIn(h, 'owner', PASSWORDS.admin));
      const demote = await admin('PUT', `/api/v1/users/${owner.id}`, { body: { role: 'viewer' } });
      expect(demote.status).toBe(422);
      expect(demote.json.message).toMatch(/last active administrator/);
      expect((await admin('DELETE', `/api/v1/users/${owner.id}`)).status).toBe(422);
      // With a second administrator the owner may step down, but still not disable themself.
      const second = await admin('POST', '/api/v1/users', { body: { username: 'second', password: PASSWORDS.second, role: 'admin' } });
      expect(second.status).toBe(201);
      const self = await admin('PUT', `/api/v1/users/${owner.id}`, { body: { disabled: true } });
      expect(self.status).toBe(422);
      expect(self.json.message).toMatch(/your own account/);
      expect((await admin('PUT', `/api/v1/users/${owner.id}`, { body: {} })).status).toBe(400);
      expect((await admin('PUT', '/api/v1/users/no-such-id', { body: { role: 'viewer' } })).status).toBe(404);
    });

    it('disabling and password resets end sessions; a disabled account cannot sign in', async () => {
      await setup();
      const admin = asBrowser(h, await signIn(h, 'owner', PASSWORDS.admin));
      const vera = await h.rt.db.prisma.user.findUniqueOrThrow({ where: { username: 'vera' } });
      const veraSession = await signIn(h, 'vera', PASSWORDS.viewer);
      expect((await admin('PUT', `/api/v1/users/${vera.id}`, { body: { password: PASSWORDS.reset } })).status).toBe(200);
      expect((await asBrowser(h, veraSession)('GET', '/api/v1/session')).status).toBe(401);
      expect((await h.call('POST', '/api/v1/session', { token: null, body: { username: 'vera', password: PASSWORDS.viewer } })).status).toBe(401);
      const again = await signIn(h, 'vera', PASSWORDS.reset);

      const disabled = await admin('DELETE', `/api/v1/users/${vera.id}`);
      expect(disabled.status).toBe(200);
      expect(disabled.json.disabledAt).not.toBeNull();
      expect((await asBrowser(h, again)('GET', '/api/v1/session')).status).toBe(401);
      const refused = await h.call('POST', '/api/v1/session', { token: null, body: { username: 'vera', password: PASSWORDS.reset } });
      expect(refused.status).toBe(401);
      expect(refused.json.message).toMatch(/disabled/);
      expect((await admin('PUT', `/api/v1/users/${vera.id}`, { body: { disabled: false } })).json.disabledAt).toBeNull();
      await expect(signIn(h, 'vera', PASSWORDS.reset)).resolves.toBeDefined();
    });

    it('serves the same operations through tRPC, for admins only', async () => {
      await setup();
      const s = await signIn(h, 'owner', PASSWORDS.admin);
      const admin = createCaller(await createContextInner(h.rt, { headers: new Headers({ cookie: s.cookie, 'x-csrf-token': s.csrf }) }));
      const made = await admin.users.create({ username: 'trpc-user', password: 'console-caller-password', role: 'viewer' });
      expect((await admin.users.update({ id: made.id, patch: { role: 'editor' } })).role).toBe('editor');
      expect((await admin.users.list()).map((u) => u.username)).toContain('trpc-user');
      const token = await admin.tokens.create({ name: 'from-console', role: 'viewer' });
      expect(token.token).toMatch(/^gh_/);
      expect((await admin.tokens.list()).find((x) => x.id === token.id)).not.toHaveProperty('token');
      expect((await admin.tokens.revoke({ id: token.id })).revokedAt).not.toBeNull();
      const workers = await admin.workers.list();
      expect(workers).toMatchObject({ database: t.provider });
      expect(workers.revision).toBeGreaterThan(0);
      const v = await signIn(h, 'trpc-user', 'console-caller-password');
      const editor = createCaller(await createContextInner(h.rt, { headers: new Headers({ cookie: v.cookie, 'x-csrf-token': v.csrf }) }));
      await expect(editor.users.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(editor.tokens.create({ name: 'nope', role: 'admin' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      // The role is checked before the input: a non-admin learns "forbidden", not what the form got wrong.
      await expect(editor.users.create({ username: 'BAD NAME', password: 'short', role: 'viewer' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });

  describe('audit', () => {
    it('records sign-in, sign-out and account changes, and never a password or its hash', async () => {
      await setup();
      const s = await signIn(h, 'owner', PASSWORDS.admin);
      await h.call('POST', '/api/v1/session', { token: null, body: { username: 'owner', password: 'not-my-password-x' } });
      await asBrowser(h, s)('DELETE', '/api/v1/session');
      const all = await h.call('GET', '/api/v1/audit-events?kind=User&limit=1000');
      const actions = new Set(all.json.items.map((e: { action: string }) => e.action));
      for (const a of ['user.create', 'login', 'login.failed', 'logout', 'user.update', 'user.password', 'user.disable', 'user.enable']) expect(actions, a).toContain(a);
      const failed = all.json.items.find((e: { action: string; message: string }) => e.action === 'login.failed' && e.message === 'wrong password');
      expect(failed).toMatchObject({ actor: { type: 'user', name: 'owner' }, name: 'owner', group: 'gatehouse.dev' });
      const roleChange = all.json.items.find((e: { action: string; name: string }) => e.action === 'user.update' && e.name === 'vera');
      expect(roleChange.before.spec.role).toBe('viewer');
      expect(roleChange.after.spec.role).toBe('editor');
      const first = all.json.items.find((e: { message: string }) => e.message === 'first administrator (first-run setup)');
      expect(first.actor).toMatchObject({ type: 'user', name: 'owner', role: 'admin' });

      const everything = await h.call('GET', '/api/v1/audit-events?limit=1000');
      for (const secret of [...Object.values(PASSWORDS), 'not-my-password-x', 'console-caller-password', '$scrypt$']) {
        expect(everything.text, secret).not.toContain(secret);
      }
      const hashes = (await t.db.prisma.user.findMany()).map((u) => u.passwordHash!);
      for (const hash of hashes) expect(everything.text).not.toContain(hash.split('$').at(-1));
      expect((await h.call('GET', '/api/v1/audit-events/verify')).json.intact).toBe(true);
    });
  });
});
