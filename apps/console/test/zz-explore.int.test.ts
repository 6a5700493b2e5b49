import { it } from 'vitest';
import { tmpdir } from 'node:os';
import { openDatabase } from '@gatehouse/db/open-database';
import { startPostgresServer } from '@gatehouse/db/testing/postgres-server';
import { createHarness } from './support/console-harness';
it('explore', async () => {
  const server = await startPostgresServer();
  const db = await openDatabase({ url: server.url, dataDir: tmpdir() });
  const h = await createHarness(db, {}, { info() {}, warn: (o: object, m?: string) => console.log('WARN', m, o), error: (o: object, m?: string) => console.log('ERR', m, o) });
  const log = h.rt.log;
  console.log((await h.call('POST', '/api/v1/apply', { body: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'p', name: 'x' }, data: {} }] })).status);
  await server.halt();
  for (const [m, p, b] of [['GET', '/api/v1/namespaces/p/configmaps/x'], ['POST', '/api/v1/apply', [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'p', name: 'y' }, data: {} }]], ['GET', '/api/healthz']] as const) {
    const r = await h.call(m, p, b ? { body: b } : {});
    console.log(m, p, r.status, r.text.slice(0, 300));
  }
  const origErr = console.error;
  try { await db.prisma.resource.findMany(); } catch (e) { console.log('RAW', Object.prototype.toString.call(e), (e as Error).name, (e as any).code, (e as any).cause, (e as any).meta, String(e).slice(0, 400)); }
  try { await db.prisma.$transaction(async (tx) => tx.resource.findMany()); } catch (e) { console.log('RAWTX', (e as Error).name, (e as any).code, (e as any).cause, (e as any).meta, String(e).slice(0, 400)); }
  void log; void origErr;
  await server.resume();
  console.log((await h.call('GET', '/api/v1/namespaces/p/configmaps/x')).status);
  await db.close();
  await server.stop();
}, 120000);
