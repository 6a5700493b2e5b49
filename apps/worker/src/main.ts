import cluster from 'node:cluster';
import { pino } from 'pino';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { readWorkerConfig } from './config/worker-config';

/**
 * Wiring only: environment → worker; graceful SIGTERM/SIGINT. GATEHOUSE_WORKER_ENGINE chooses the data plane
 * (run-worker.ts startEngineWorker): `haproxy` supervises an HAProxy; `node` serves here, and with
 * GATEHOUSE_WORKER_PROCESSES > 1 this file runs once as the primary (source, admin port, status: run-worker.ts around
 * a ProcessGroup) and once per serving process (node:cluster forks it again; cluster.isWorker tells them apart).
 */
const logger = pino({ name: 'gatehouse-worker' });

let config;
try {
  config = readWorkerConfig(process.env);
} catch (err) {
  logger.fatal(isDomainError(err) ? { details: err.details } : {}, err instanceof Error ? err.message : String(err));
  process.exit(2);
}
logger.level = config.logLevel;

// Imported per role: a serving process needs the proxy and the compiler, not the sources and the Kubernetes client
// (measured: ~110 MB RSS per serving process instead of ~215 MB).
if (cluster.isWorker) {
  const { runGroupMember } = await import('./cluster/group-member');
  // The slot (0…N-1) stays the same when a process is replaced; pino's pid tells the incarnations apart.
  runGroupMember(config, logger.child({ slot: Number(process.env.GATEHOUSE_WORKER_PROCESS_SLOT) }));
} else {
  const { startEngineWorker } = await import('./run-worker');
  // GATEHOUSE_WORKER_ENGINE: the Node engine here (or a node:cluster group), or a supervised HAProxy.
  const worker = await startEngineWorker(config, logger);
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal, drainMs: config.drainTimeoutMs }, 'stopping: draining listeners');
      // The drain itself ends at its deadline; this only guards against a stop that hangs elsewhere.
      const force = setTimeout(() => process.exit(1), config.drainTimeoutMs + 5_000);
      force.unref();
      void worker.stop({ drainMs: config.drainTimeoutMs }).then(() => {
        logger.info('stopped');
        process.exit(0);
      });
    });
  }
}
