/**
 * `npm run bench:reload [-- changes]` — configuration changes under load (issue 10 §4): the worker (embedded feed,
 * a fake console speaking the feed protocol) serves two recording upstreams while 8 keep-alive and 4
 * new-connection clients send requests without pause; `changes` generations (default 100: a route added each time,
 * headers changed, a backend swapped every third, a filter toggled) are published one after another. Prints
 * failed requests (every response checked against the configuration in force) and the change → enforced and
 * change → wire times. Figures only: nothing is asserted. GATEHOUSE_WORKER_ENGINE=haproxy runs it on the HAProxy engine.
 */
import { pino } from 'pino';
import { startEngineWorker } from '../../src/run-worker';
import type { EnforcedEvent } from '../../src/run-worker';
import { startFakeConsole } from '../helpers/fake-console';
import { feedWorkerConfig } from '../helpers/feed-worker-config';
import { startRecordingUpstream } from '../helpers/recording-upstream';
import { generation, reloadUnderLoad, summarize } from '../helpers/reload-load';
import { freePort } from '../helpers/scenario';
import { waitForEvent } from '../helpers/wait-for';

const changes = Number(process.argv[2] ?? 100);
const TOKEN = 'bench-reload';
const a = await startRecordingUpstream('a');
const b = await startRecordingUpstream('b');
const fakeConsole = await startFakeConsole(TOKEN);
const port = await freePort();
// GATEHOUSE_WORKER_ENGINE=haproxy measures the HAProxy engine (hitless reloads of a supervised HAProxy).
const engine = process.env.GATEHOUSE_WORKER_ENGINE === 'haproxy' ? 'haproxy' : 'node';
const worker = await startEngineWorker(feedWorkerConfig(fakeConsole.url, TOKEN, 'bench-reload', { engine }), pino({ level: 'silent' }));
try {
  const first = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === 1000, 10_000);
  fakeConsole.publish(1000, generation(0, port, { a: a.port, b: b.port }));
  await first;
  // The upstreams keep every request they record: drop them as they come, only the answers matter here.
  const trim = setInterval(() => {
    a.received.length = 0;
    b.received.length = 0;
  }, 1_000);
  const started = performance.now();
  const f = await reloadUnderLoad({ worker, fakeConsole, listenPort: port, upstreams: { a: a.port, b: b.port }, baseRevision: 1000, changes, keepAliveClients: 8, newConnectionClients: 4 });
  clearInterval(trim);
  const seconds = (performance.now() - started) / 1000;
  console.log(`reload under load — ${engine} engine, node ${process.version}, ${changes} changes in ${seconds.toFixed(1)} s`);
  console.log(`  requests            ${f.requests} (${f.keepAliveRequests} keep-alive, ${f.newConnectionRequests} new connections), ${(f.requests / seconds).toFixed(0)} req/s`);
  console.log(`  failed requests     ${f.failures.length}`);
  for (const line of f.failures.slice(0, 10)) console.log(`    ${line}`);
  console.log(`  listener re-opened  ${f.sameListener ? 'never' : 'YES'}`);
  console.log(`  publish → enforced  ${summarize(f.publishToEnforcedMs)}`);
  console.log(`  feed → enforced     ${summarize(f.feedToEnforcedMs)}`);
  console.log(`  publish → wire      ${summarize(f.publishToWireMs)} (first response of the new generation)`);
} finally {
  await worker.stop();
  await Promise.all([a.close(), b.close(), fakeConsole.close()]);
}
