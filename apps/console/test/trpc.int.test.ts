import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { createTrpcHandler } from '../src/server/trpc/http-handler';
import { createContextInner } from '../src/server/trpc/init';
import { createCaller } from '../src/server/trpc/root';
import { ADMIN_TOKEN, createHarness } from './support/console-harness';

const headers = (token?: string) => new Headers({ ...(token ? { authorization: `Bearer ${token}` } : {}), 'user-agent': 'trpc-test', 'x-request-id': 'trpc-req-1' });

forEachDatabase((t) => {
  describe('tRPC uses the same services, validation, roles and audit as REST', () => {
    it('creates through tRPC with an audit event; refuses bad input and anonymous callers with mapped codes', async () => {
      const h = await createHarness(t.db);
      const admin = createCaller(await createContextInner(h.rt, { headers: headers(ADMIN_TOKEN) }));
      const created = await admin.resources.create({
        plural: 'services',
        namespace: 'trpc',
        object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ port: 8443 }] } },
      });
      expect(created.metadata.namespace).toBe('trpc');
      const events = await admin.audit.list({ namespace: 'trpc', kind: 'Service', limit: 10 });
      expect(events.items[0]).toMatchObject({ action: 'create', name: 'svc', requestId: 'trpc-req-1', userAgent: 'trpc-test' });

      const bad = await admin.resources
        .create({ plural: 'services', namespace: 'trpc', object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc2' }, spec: { ports: [{ port: 0 }] } } })
        .catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(TRPCError);
      expect((bad as TRPCError).code).toBe('BAD_REQUEST');
      expect(((bad as TRPCError).cause as unknown as { details: { path: string }[] }).details.map((d) => d.path)).toContain('spec.ports[0].port');

      const anonymous = createCaller(await createContextInner(h.rt, { headers: headers() }));
      await expect(anonymous.resources.list({ plural: 'services' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      const viewer = createCaller(await createContextInner(h.rt, { headers: headers(await h.tokenFor('viewer')) }));
      expect((await viewer.resources.list({ plural: 'services', namespace: 'trpc' })).items).toHaveLength(1);
      await expect(viewer.resources.delete({ plural: 'services', namespace: 'trpc', name: 'svc' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(admin.resources.get({ plural: 'services', namespace: 'trpc', name: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('answers errors over HTTP without a stack trace, outside production too', async () => {
      // tRPC puts the stack into error bodies whenever NODE_ENV is not production: this run is such a mode, so a
      // formatter that let it through would fail here.
      expect(process.env.NODE_ENV).not.toBe('production');
      const h = await createHarness(t.db);
      const handle = createTrpcHandler(async () => h.rt);
      const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
      const input = (v: unknown) => `?input=${encodeURIComponent(JSON.stringify(v))}`;
      const answers = await Promise.all([
        handle(new Request(`http://console.test/api/trpc/resources.list${input({ plural: 'services' })}`)), // 401
        handle(new Request(`http://console.test/api/trpc/resources.get${input({ plural: 'services', namespace: 'trpc', name: 'nope' })}`, { headers: auth })), // 404
        handle(new Request(`http://console.test/api/trpc/resources.list${input({ plural: 42 })}`, { headers: auth })), // 400
        handle(new Request('http://console.test/api/trpc/users.create', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{not json' })), // 400, unreadable
        handle(new Request('http://console.test/api/trpc/no.such.procedure', { headers: auth })), // 404, tRPC's own
      ]);
      expect(answers.map((r) => r.status)).toEqual([401, 404, 400, 400, 404]);
      for (const r of answers) {
        const text = await r.text();
        const body = JSON.parse(text) as { error: { message: string; data: Record<string, unknown> } };
        expect(body.error.message, text).toBeTruthy();
        for (const key of Object.keys(body.error.data)) expect(['appCode', 'code', 'details', 'httpStatus', 'path'], text).toContain(key);
        expect(body.error.data, text).not.toHaveProperty('stack');
        // No trace of one anywhere in the text either: frames name source files.
        expect(text).not.toMatch(/\bat .*\.(ts|js|mjs):\d+/);
        expect(text).not.toContain('node_modules');
      }
    });
  });
});
