import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';
import type { RoutingTable } from '@gatehouse/compiler/routing-table/routing-table';
import { type AdminServer, startAdminServer } from './admin/admin-server';
import { prepareSnapshot } from './compile/prepare-snapshot';
import type { WorkerConfig } from './config/worker-config';
import { BackendPicker } from './proxy/backend-picker';
import { trustedPeers } from './proxy/forward-headers';
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

/** Emitted after a snapshot is enforced; times are performance.now() values. */
export interface EnforcedEvent {
  revision: number;
  receivedAt: number;
  enforcedAt: number;
}

export interface WorkerHandle {
  adminPort: number;
  tables: TableStore;
  /** The proxy's ports (tests check that a certificate rotation keeps the same server). */
  listeners: ListenerManager;
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

/**
 * Wires the worker's stages: source (console feed) → prepare (validate + compile) → swap (table store) →
 * serve (listeners + proxy), plus the admin endpoint and status reports.
 */
export async function startWorker(config: WorkerConfig, logger: Logger): Promise<WorkerHandle> {
  const tables = new TableStore();
  const pools = new UpstreamPools();
  const stats = new ProxyStats();
  const deps = { tables, pools, picker: new BackendPicker(), stats, logger, trust: trustedPeers(config.trustedProxies) };
  const certificates = new ServerCertificates(logger);
  const listeners = new ListenerManager(
    config.bindAddress,
    (port, protocol) => createRequestListener(port, deps, protocol),
    logger,
    { portTable: (port) => tables.current?.ports[String(port)], certificates },
    (port, protocol) => createUpgradeListener(port, deps, protocol === 'HTTPS' ? 'https' : 'http'),
    config.limits,
  );
  const events = new EventEmitter();
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
      ...(lastError === null ? {} : { error: lastError.message }),
    });
  };

  const apply = async (body: string | ConfigSnapshot, receivedAt: number): Promise<SnapshotOutcome> => {
    const prepared = prepareSnapshot(body, { controllerName: config.controllerName, now: new Date().toISOString() });
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
    // Still ready after a refused snapshot (the last good table serves), but saying so.
    readyDetail: () =>
      (tables.revision === null ? '' : `: revision ${tables.revision}`) +
      (lastError === null ? '' : `; rejected revision ${lastError.revision ?? '(unreadable)'}: ${lastError.message}`),
    probeToken: config.readToken,
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
    async stop(opts = {}) {
      await feed?.stop();
      await kubeSource?.stop();
      await listeners.closeAll(opts.drainMs);
      await admin.close();
      await pools.closeAll();
    },
  };
}
