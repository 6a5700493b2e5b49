import type { Logger } from 'pino';
import { prepareSnapshot } from '../compile/prepare-snapshot';
import type { WorkerConfig } from '../config/worker-config';
import { LocalDataPlane } from '../data-plane/data-plane';
import { asToMember, type SnapshotMessage, type ToPrimary } from './messages';

function send(message: ToPrimary): void {
  // The primary may be gone (then node:cluster ends this process on 'disconnect').
  if (process.connected) process.send?.(message);
}

/**
 * A serving process of a process group (started by node:cluster from the primary, process-group.ts): the proxy of
 * this process, fed by the primary over IPC. It compiles the body the primary validated — the compiler is pure,
 * so every process compiles the same table — swaps it in, opens its listeners through node:cluster and says which
 * revision it enforces. It has no source, admin port or status reporting: those are the primary's.
 */
export function runGroupMember(config: WorkerConfig, logger: Logger): void {
  const plane = new LocalDataPlane(config, logger);
  // Only the newest snapshot matters: one that arrives while another is being applied replaces any waiting one.
  let waiting: SnapshotMessage | null = null;
  let applying = false;
  let stopping = false;

  const applyOne = async (m: SnapshotMessage): Promise<void> => {
    if (plane.revision === m.revision) {
      send({ t: 'gatehouse:applied', revision: m.revision, ok: true, ports: plane.ports() });
      return;
    }
    const prepared = prepareSnapshot(m.body, { controllerName: config.controllerName, now: m.now, engine: config.engine });
    if (!prepared.ok) {
      logger.error({ revision: m.revision }, `snapshot the primary accepted does not compile here: ${prepared.error}`);
      send({ t: 'gatehouse:applied', revision: m.revision, ok: false, error: prepared.error });
      return;
    }
    const ports = await plane.enforce({ revision: prepared.revision, table: prepared.table, body: m.body, now: m.now });
    logger.debug({ revision: m.revision, ports: ports.map((p) => `${p.port}:${p.state}`) }, 'snapshot enforced in this process');
    send({ t: 'gatehouse:applied', revision: m.revision, ok: true, ports });
  };

  const drainQueue = async (): Promise<void> => {
    if (applying) return;
    applying = true;
    try {
      while (waiting !== null && !stopping) {
        const m: SnapshotMessage = waiting;
        waiting = null;
        try {
          await applyOne(m);
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          logger.error({ revision: m.revision }, `applying the snapshot failed: ${error}`);
          send({ t: 'gatehouse:applied', revision: m.revision, ok: false, error });
        }
      }
    } finally {
      applying = false;
    }
  };

  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), config.drainTimeoutMs + 5_000);
    force.unref();
    void plane.stop(config.drainTimeoutMs).then(() => process.exit(0));
  };

  process.on('message', (raw: unknown) => {
    const m = asToMember(raw);
    if (m === null) return;
    if (m.t === 'gatehouse:snapshot') {
      waiting = m;
      void drainQueue();
    } else if (m.t === 'gatehouse:describe') {
      const answer = { t: 'gatehouse:described' as const, id: m.id, revision: plane.revision, enforcedAt: plane.enforcedAt, counters: plane.counters() };
      if (m.metrics !== true) send(answer);
      else void plane.metricsJson().then((metrics) => send({ ...answer, metrics }), () => send(answer));
    } else stop();
  });
  // A terminal's Ctrl-C reaches the whole process group; a member drains like the primary asked it to.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, stop);
  send({ t: 'gatehouse:hello' });
}
