import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { createHarness } from './support/console-harness';

/** "If the event cannot be written, the change is not made": a database trigger makes audit inserts fail. */
forEachDatabase((t) => {
  describe('audit atomicity', () => {
    it('makes no change when its audit event cannot be written', async () => {
      const h = await createHarness(t.db);
      const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'atomic' }, spec: { ports: [{ port: 80 }] } };
      expect((await h.call('POST', '/api/v1/namespaces/atomic/services', { body: svc })).status).toBe(201);
      if (t.provider === 'sqlite') {
        await t.db.prisma.$executeRawUnsafe(`CREATE TRIGGER audit_fails BEFORE INSERT ON "AuditEvent" BEGIN SELECT RAISE(ABORT, 'audit storage is broken'); END`);
      } else {
        await t.db.prisma.$executeRawUnsafe(`CREATE FUNCTION audit_fails() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit storage is broken'; END $$ LANGUAGE plpgsql`);
        await t.db.prisma.$executeRawUnsafe(`CREATE TRIGGER audit_fails BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION audit_fails()`);
      }
      const rows = await t.db.prisma.resource.count();
      const revision = (await t.db.prisma.storeRevision.findUnique({ where: { id: 1 } }))!.revision;
      const update = await h.call('PUT', '/api/v1/namespaces/atomic/services/atomic', { body: { ...svc, spec: { ports: [{ port: 81 }] } } });
      expect(update.status).toBe(500);
      expect(update.json.code).toBe('internal');
      const created = await h.call('POST', '/api/v1/apply', { body: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'never', namespace: 'elsewhere' } }] });
      expect(created.status).toBe(500);
      expect(await t.db.prisma.resource.count()).toBe(rows);
      expect((await t.db.prisma.storeRevision.findUnique({ where: { id: 1 } }))!.revision).toBe(revision);
      expect((await h.call('GET', '/api/v1/namespaces/atomic/services/atomic')).json.spec.ports[0].port).toBe(80);
    });
  });
});
