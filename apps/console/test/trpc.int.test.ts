import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
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
  });
});
