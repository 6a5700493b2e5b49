/**
 * The server side of `npm run bench:api`, in a process of its own so that the clients' CPU (undici, timing) is not
 * taken from the server's event loop: the console's REST handler on a plain node:http server over a throw-away
 * database of the provider given as the first argument. It talks to the bench over IPC: it sends `{ url }` once it
 * listens; it answers `analyze` (PostgreSQL statistics after the bulk load) and `cpu` (its CPU seconds so far).
 */
import { createTestDatabase } from '@gatehouse/db/testing/test-databases';
import type { DatabaseProvider } from '@gatehouse/db/open-database';
import { createHarness } from '../test/support/console-harness';
import { serveHarness } from '../test/support/serve-harness';

const provider = process.argv[2] as DatabaseProvider;
if (provider !== 'sqlite' && provider !== 'postgresql') throw new Error(`api-server: provider sqlite or postgresql, not ${String(provider)}`);
if (process.send === undefined) throw new Error('api-server: run by bench/api.bench.ts (IPC channel expected)');

const t = await createTestDatabase(provider);
const harness = await createHarness(t.db, { GATEHOUSE_CERT_RENEW_INTERVAL: '0', GATEHOUSE_DRIFT_INTERVAL: '0' });
const served = await serveHarness(harness);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await served.close();
  await t.dispose();
  process.exit(0);
}

process.on('message', (m: { cmd?: string; id?: number }) => {
  void (async () => {
    if (m.cmd === 'analyze') {
      if (provider === 'postgresql') await t.db.prisma.$executeRawUnsafe('ANALYZE');
      process.send!({ id: m.id, ok: true });
    } else if (m.cmd === 'cpu') {
      const c = process.cpuUsage();
      process.send!({ id: m.id, cpuSeconds: (c.user + c.system) / 1e6 });
    } else if (m.cmd === 'stop') {
      await stop();
    }
  })();
});
process.on('SIGTERM', () => void stop());
process.on('disconnect', () => void stop());
process.send({ url: served.url });
