import { EventEmitter } from 'node:events';
import type { DestinationStream, Logger } from 'pino';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';
import type { EngineName } from '@gatehouse/compiler/engines/engine-name';
import type { RoutingTable } from '@gatehouse/compiler/routing-table/routing-table';
import { type AdminServer, startAdminServer } from './admin/admin-server';
import { prepareSnapshot } from './compile/prepare-snapshot';
import { gatewayAddressesOf } from './config/gateway-addresses';
import type { WorkerConfig } from './config/worker-config';
import { type DataPlane, LocalDataPlane } from './data-plane/data-plane';
import type { ListenerManager, PortState } from './proxy/listener-manager';
import type { TableStore } from './routing-table/table-store';
import { DirectFeed, type SnapshotOutcome } from './sources/direct-feed';
import { startKubernetesSource, type KubernetesSourceHandle } from './sources/kubernetes-source';
import { type ListenerReport, StatusReporter } from './status/status-reporter';

/** Emitted after a snapshot is enforced; times are performance.now() values. */
export interface EnforcedEvent {
  revision: number;
  receivedAt: number;
  enforcedAt: number;
}

/** How often the worker reports its status and traffic figures to the console (besides after every snapshot). */
export const STATUS_REPORT_INTERVAL_MS = 15_000;

export interface StartOptions {
  /** Where the access log goes (tests); default stdout. */
  accessLogDestination?: DestinationStream;
  /** Status report period (tests); default STATUS_REPORT_INTERVAL_MS. */
  statusReportIntervalMs?: number;
}

/** The Node engine in this process, with its table store and listeners (tests of Node-engine internals). */
export interface WorkerHandle extends EngineWorkerHandle {
  tables: TableStore;
  /** The proxy's ports (tests check that a certificate rotation keeps the same server). */
  listeners: ListenerManager;
}

/** A worker on either engine: what main.ts and the engine-parametrised test suites use. */
export interface EngineWorkerHandle extends WorkerAroundHandle {
  engine: EngineName;
  plane: DataPlane;
  /** The revision in force (null before the first). */
  readonly revision: number | null;
  /**
   * The oldest and the newest revision that may answer a request right now: the same on the Node engine (a table
   * swap is atomic); on HAProxy an old process finishes its requests on the previous configuration after a reload.
   */
  servingRevisions(): { oldest: number | null; newest: number | null };
  /** What identifies the socket listening on `port` (the same value after a change = the port was not re-opened). */
  listenerIdentity(port: number): unknown;
}

export interface WorkerAroundHandle {
  adminPort: number;
  /** 'enforced' (EnforcedEvent) and 'rejected' ({revision, error}). */
  events: EventEmitter;
  /** Stops the source and drains the listeners: in-flight requests get `drainMs` (default 2 s) to finish. */
  stop(opts?: { drainMs?: number }): Promise<void>;
}

function listenerReports(table: RoutingTable | null, ports: readonly PortState[]): ListenerReport[] {
  if (table === null) return [];
  const byPort = new Map(ports.map((p) => [p.port, p]));
  return table.listeners.map((l) => {
    if (!l.programmed) return { gateway: l.gateway, listener: l.listener, port: l.port, state: 'error' as const, error: l.reason ?? 'not programmed' };
    const p = byPort.get(l.port);
    if (p === undefined || p.state === 'error') return { gateway: l.gateway, listener: l.listener, port: l.port, state: 'error' as const, error: p?.error ?? 'not listening' };
    return { gateway: l.gateway, listener: l.listener, port: l.port, state: 'serving' as const };
  });
}

function engineHandle(engine: EngineName, plane: DataPlane, around: WorkerAroundHandle): EngineWorkerHandle {
  return {
    ...around,
    engine,
    plane,
    get revision() {
      return plane.revision;
    },
    servingRevisions: () => plane.servingRevisions?.() ?? { oldest: plane.revision, newest: plane.revision },
    listenerIdentity: (port) => plane.listenerIdentity?.(port) ?? null,
  };
}

/** The worker serving in this process alone, on the Node engine (whatever config.engine says). */
export async function startWorker(config: WorkerConfig, logger: Logger, options: StartOptions = {}): Promise<WorkerHandle> {
  const local = new LocalDataPlane(config, logger, { accessLogDestination: options.accessLogDestination });
  // Object.assign, not a spread: the handle's `revision` is a getter.
  return Object.assign(engineHandle('node', local, await startWorkerAround(local, config, logger, options)), { tables: local.tables, listeners: local.listeners });
}

/**
 * The worker on the engine `config.engine` names: the Node engine in this process (or a node:cluster group of
 * `workerProcesses` when more than one), or a supervised HAProxy (engines/haproxy/). The source, compile step,
 * admin port and status reports are the same; only the DataPlane differs.
 */
export async function startEngineWorker(config: WorkerConfig, logger: Logger, options: StartOptions = {}): Promise<EngineWorkerHandle> {
  if (config.engine === 'haproxy') {
    const { HaproxyDataPlane } = await import('./engines/haproxy/haproxy-data-plane');
    const plane = new HaproxyDataPlane(config, logger, { accessLogDestination: options.accessLogDestination });
    try {
      return engineHandle('haproxy', plane, await startWorkerAround(plane, config, logger, options));
    } catch (err) {
      await plane.stop(0);
      throw err;
    }
  }
  if (config.workerProcesses > 1) {
    const { ProcessGroup } = await import('./cluster/process-group');
    const group = new ProcessGroup(config.workerProcesses, logger);
    group.start();
    return engineHandle('node', group, await startWorkerAround(group, config, logger, options));
  }
  return startWorker(config, logger, options);
}

/**
 * Wires the worker's stages: source (console feed) → prepare (validate + compile) → enforce (the data plane: table
 * swap + listeners + proxy, in this process or in a process group) plus the admin endpoint and status reports.
 */
export async function startWorkerAround(plane: DataPlane, config: WorkerConfig, logger: Logger, options: StartOptions = {}): Promise<WorkerAroundHandle> {
  const events = new EventEmitter();
  const addresses = gatewayAddressesOf(config);
  const identity = { 'x-gatehouse-worker-id': config.workerId, 'x-gatehouse-worker-name': config.workerName };
  const kube = config.configSource === 'kubernetes';
  // With the Kubernetes source there is no console to report to: the statuses go into the objects themselves.
  const reporter = kube ? null : new StatusReporter(config.consoleUrl, config.readToken, identity, logger);
  const feed = kube ? null : new DirectFeed({ consoleUrl: config.consoleUrl, readToken: config.readToken, workerId: config.workerId, workerName: config.workerName, waitSeconds: config.waitSeconds, logger });
  let kubeSource: KubernetesSourceHandle | null = null;
  let lastError: { message: string; revision: number | null; at: string } | null = null;
  let adminAddress = '';

  const report = (): void => {
    if (!reporter) return;
    void reporter.report({
      workerId: config.workerId,
      name: config.workerName,
      revision: plane.revision,
      adminAddress,
      listeners: listenerReports(plane.table, plane.ports()),
      ...(plane.traffic === undefined ? {} : { traffic: plane.traffic() }),
      ...(lastError === null ? {} : { error: lastError.message }),
    });
  };
  // A heartbeat with the traffic figures; the console's schema needs a revision, so only once one is enforced.
  const reportTimer = reporter === null ? null : setInterval(() => {
    if (plane.revision !== null) report();
  }, options.statusReportIntervalMs ?? STATUS_REPORT_INTERVAL_MS);
  reportTimer?.unref();

  plane.onChange(report);
  const apply = async (body: string | ConfigSnapshot, receivedAt: number): Promise<SnapshotOutcome> => {
    const now = new Date().toISOString();
    const prepared = prepareSnapshot(body, { controllerName: config.controllerName, now, addresses, engine: config.engine });
    const reject = (revision: number | null, error: string): SnapshotOutcome => {
      lastError = { message: error, revision, at: new Date().toISOString() };
      logger.warn({ revision, enforced: plane.revision }, `snapshot rejected, keeping the last good table: ${error}`);
      events.emit('rejected', { revision, error });
      plane.metrics?.noteRejected();
      report();
      return { revision, ok: false };
    };
    if (!prepared.ok) return reject(prepared.revision, prepared.error);
    const enforced = plane.accepted;
    // Only the enforced revision itself is skipped: a lower one comes from a restored store and is the truth now.
    if (enforced !== null && prepared.revision === enforced) {
      logger.debug({ revision: prepared.revision, enforced }, 'ignoring the snapshot already enforced');
      return { revision: prepared.revision, ok: true };
    }
    let ports: PortState[];
    try {
      ports = await plane.enforce({ revision: prepared.revision, table: prepared.table, body, now });
    } catch (err) {
      // The engine refused the table (HAProxy: a construct it cannot render, or `haproxy -c` said no): the last good
      // configuration keeps serving, as with a snapshot that does not compile.
      return reject(prepared.revision, err instanceof Error ? err.message : String(err));
    }
    lastError = null;
    const enforcedAt = performance.now();
    // A process group may not have every process on the new revision yet; it reports when they are (onChange).
    if (plane.revision === prepared.revision) {
      logger.info(
        { revision: prepared.revision, objects: prepared.objectCount, ports: ports.map((p) => `${p.port}:${p.state}`), applyMs: Math.round((enforcedAt - receivedAt) * 100) / 100 },
        'snapshot enforced',
      );
      events.emit('enforced', { revision: prepared.revision, receivedAt, enforcedAt } satisfies EnforcedEvent);
    }
    report();
    kubeSource?.statuses(prepared.statuses);
    return { revision: prepared.revision, ok: true };
  };

  const admin: AdminServer = await startAdminServer(config.adminBind, config.adminPort, {
    isReady: () => plane.ready(),
    // Still ready after a refused snapshot (the last good table serves), but saying so.
    readyDetail: () =>
      (plane.revision === null ? '' : `: revision ${plane.revision}`) +
      (lastError === null ? '' : `; rejected revision ${lastError.revision ?? '(unreadable)'}: ${lastError.message}`),
    probeToken: config.readToken,
    ...(plane.metrics === undefined ? {} : { metrics: plane.metrics }),
    describe: async () => ({
      workerId: config.workerId,
      name: config.workerName,
      revision: plane.revision,
      enforcedAt: plane.enforcedAt,
      lastError,
      listeners: listenerReports(plane.table, plane.ports()),
      source: kubeSource ? kubeSource.state() : { kind: 'direct-feed', consoleUrl: config.consoleUrl, ...feed?.state },
      ...(await plane.describe()),
    }),
  });
  adminAddress = `http://${config.adminBind.includes(':') ? `[${config.adminBind}]` : config.adminBind}:${admin.port}`;
  if (kube) {
    // One code path from snapshot to routing table: the cluster's snapshot goes through the same prepare step.
    kubeSource = startKubernetesSource(config, logger, (snapshot, receivedAt) => void apply(snapshot, receivedAt));
    logger.info({ admin: adminAddress, source: 'kubernetes', workerId: config.workerId }, 'worker started');
  } else {
    logger.info({ admin: adminAddress, console: config.consoleUrl, workerId: config.workerId }, 'worker started');
    feed!.start(apply);
  }

  return {
    adminPort: admin.port,
    events,
    async stop(opts = {}) {
      if (reportTimer !== null) clearInterval(reportTimer);
      await feed?.stop();
      await kubeSource?.stop();
      await plane.stop(opts.drainMs);
      await admin.close();
    },
  };
}
