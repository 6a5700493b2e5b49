import { EventEmitter } from 'node:events';
import type { DestinationStream, Logger } from 'pino';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';
import type { RoutingTable } from '@gatehouse/compiler/routing-table/routing-table';
import { type AdminServer, startAdminServer } from './admin/admin-server';
import { prepareSnapshot } from './compile/prepare-snapshot';
import { createAccessLog } from './metrics/access-log';
import { RequestMetrics } from './metrics/request-metrics';
import { TrafficWindow } from './metrics/traffic-window';
import { UpstreamConnects } from './metrics/upstream-connects';
import { createWorkerMetrics } from './metrics/worker-metrics';
import type { WorkerConfig } from './config/worker-config';
import { BackendPicker } from './proxy/backend-picker';
import { ListenerManager, type PortState } from './proxy/listener-manager';
import { ProxyStats } from './proxy/proxy-stats';
import { ServerCertificates } from './proxy/server-certificates';
import { createRequestListener } from './proxy/request-handler';
import { createUpgradeListener } from './proxy/upgrade-handler';
import { UpstreamPools } from './proxy/upstream-pools';
import { TableStore } from './routing-table/table-store';
import { DirectFeed, type SnapshotOutcome } from './sources/direct-feed';
import { startKubernetesSource, type KubernetesSourceHandle } from './sources/kubernetes-source';
import { type ListenerReport, StatusReporter } from './status/status-reporter';
import { gatewayAddressesOf } from './config/gateway-addresses';

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

export interface WorkerHandle {
  adminPort: number;
  tables: TableStore;
  /** The proxy's ports (tests check that a certificate rotation keeps the same server). */
  listeners: ListenerManager;
  /** 'enforced' (EnforcedEvent) and 'rejected' ({revision, error}). */
  events: EventEmitter;
  stop(): Promise<void>;
}

function listenerReports(table: RoutingTable | null, ports: readonly PortState[]): ListenerReport[] {
  if (table === null) return [];
  const byPort = new Map(ports.map((p) => [p.port, p]));
  return table.listeners.map((l) => {
    const who = { gateway: l.gateway, ...(l.listenerSet === undefined ? {} : { listenerSet: l.listenerSet }), listener: l.listener, port: l.port };
    if (!l.programmed) return { ...who, state: 'error' as const, error: l.reason ?? 'not programmed' };
    const p = byPort.get(l.port);
    if (p === undefined || p.state === 'error') return { ...who, state: 'error' as const, error: p?.error ?? 'not listening' };
    return { ...who, state: 'serving' as const };
  });
}

/**
 * Wires the worker's stages: source (console feed) → prepare (validate + compile) → swap (table store) →
 * serve (listeners + proxy), plus the admin endpoint and status reports.
 */
export async function startWorker(config: WorkerConfig, logger: Logger, options: StartOptions = {}): Promise<WorkerHandle> {
  const tables = new TableStore();
  const connects = new UpstreamConnects();
  const pools = new UpstreamPools(connects.observe);
  const stats = new ProxyStats();
  const requestMetrics = new RequestMetrics();
  requestMetrics.setSink(createAccessLog(config.accessLog, options.accessLogDestination));
  const picker = new BackendPicker();
  const deps = { tables, pools, picker, stats, logger, metrics: requestMetrics };
  const certificates = new ServerCertificates(logger);
  const listeners = new ListenerManager(
    config.bindAddress,
    (port, protocol) => createRequestListener(port, deps, protocol),
    logger,
    { portTable: (port) => tables.current?.ports[String(port)], certificates, picker },
    (port, protocol) => createUpgradeListener(port, deps, protocol === 'HTTPS' ? 'https' : 'http'),
  );
  const events = new EventEmitter();
  const addresses = gatewayAddressesOf(config);
  const metrics = createWorkerMetrics({ requests: requestMetrics, connects, stats, tables, listeners, events });
  const traffic = new TrafficWindow(requestMetrics.overall);
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
      revision: tables.revision,
      adminAddress,
      listeners: listenerReports(tables.current, listeners.states()),
      traffic: traffic.sample(),
      ...(lastError === null ? {} : { error: lastError.message }),
    });
  };
  // A heartbeat with the traffic figures; the console's schema needs a revision, so only once one is enforced.
  const reportTimer = reporter === null ? null : setInterval(() => {
    if (tables.revision !== null) report();
  }, options.statusReportIntervalMs ?? STATUS_REPORT_INTERVAL_MS);
  reportTimer?.unref();

  const apply = async (body: string | ConfigSnapshot, receivedAt: number): Promise<SnapshotOutcome> => {
    const prepared = prepareSnapshot(body, { controllerName: config.controllerName, now: new Date().toISOString(), addresses });
    if (!prepared.ok) {
      lastError = { message: prepared.error, revision: prepared.revision, at: new Date().toISOString() };
      logger.warn({ revision: prepared.revision, enforced: tables.revision }, `snapshot rejected, keeping the last good table: ${prepared.error}`);
      events.emit('rejected', { revision: prepared.revision, error: prepared.error });
      report();
      return { revision: prepared.revision, ok: false };
    }
    const enforced = tables.revision;
    // Only the enforced revision itself is skipped: a lower one comes from a restored store and is the truth now.
    if (enforced !== null && prepared.revision === enforced) {
      logger.debug({ revision: prepared.revision, enforced }, 'ignoring the snapshot already enforced');
      return { revision: prepared.revision, ok: true };
    }
    tables.swap(prepared.table);
    pools.retainFor(prepared.table);
    certificates.retainFor(prepared.table);
    const ports = await listeners.reconcile(Object.values(prepared.table.ports).map((p) => ({ port: p.port, protocol: p.protocol })));
    lastError = null;
    const enforcedAt = performance.now();
    logger.info(
      { revision: prepared.revision, objects: prepared.objectCount, ports: ports.map((p) => `${p.port}:${p.state}`), applyMs: Math.round((enforcedAt - receivedAt) * 100) / 100 },
      'snapshot enforced',
    );
    events.emit('enforced', { revision: prepared.revision, receivedAt, enforcedAt } satisfies EnforcedEvent);
    report();
    kubeSource?.statuses(prepared.statuses);
    return { revision: prepared.revision, ok: true };
  };

  const admin: AdminServer = await startAdminServer(config.adminBind, config.adminPort, {
    isReady: () => tables.current !== null,
    probeToken: config.readToken,
    metrics,
    describe: () => ({
      workerId: config.workerId,
      name: config.workerName,
      revision: tables.revision,
      enforcedAt: tables.enforcedAt,
      lastError,
      listeners: listenerReports(tables.current, listeners.states()),
      source: kubeSource ? kubeSource.state() : { kind: 'direct-feed', consoleUrl: config.consoleUrl, ...feed?.state },
      upstream: pools.stats(),
      proxy: stats.snapshot(),
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
    tables,
    listeners,
    events,
    async stop() {
      if (reportTimer !== null) clearInterval(reportTimer);
      await feed?.stop();
      await kubeSource?.stop();
      await listeners.closeAll();
      await admin.close();
      await pools.closeAll();
    },
  };
}
