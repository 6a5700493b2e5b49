import { pino } from 'pino';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { readWorkerConfig } from './config/worker-config';
import { startWorker } from './run-worker';

/** Wiring only: environment → worker; graceful SIGTERM/SIGINT. */
const logger = pino({ name: 'gatehouse-worker' });

let config;
try {
  config = readWorkerConfig(process.env);
} catch (err) {
  logger.fatal(isDomainError(err) ? { details: err.details } : {}, err instanceof Error ? err.message : String(err));
  process.exit(2);
}
logger.level = config.logLevel;

const worker = await startWorker(config, logger);
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
