import { EventEmitter } from 'node:events';
import type { DestinationStream, Logger } from 'pino';
import type { RoutingTable } from '@gatehouse/compiler/routing-table/routing-table';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';
import type { WorkerConfig } from '../config/worker-config';
import { createAccessLog } from '../metrics/access-log';
import { RequestMetrics } from '../metrics/request-metrics';
import { type TrafficFigures, TrafficWindow } from '../metrics/traffic-window';
import { UpstreamConnects } from '../metrics/upstream-connects';
import { createWorkerMetrics, type WorkerMetrics } from '../metrics/worker-metrics';
import { BackendPicker } from '../proxy/backend-picker';
import { trustedPeers } from '../proxy/forward-headers';
import { ListenerManager, type PortState } from '../proxy/listener-manager';
import { createRequestListener } from '../proxy/request-handler';
import { ProxyStats } from '../proxy/proxy-stats';
import { ServerCertificates } from '../proxy/server-certificates';
import { createUpgradeListener } from '../proxy/upgrade-handler';
import { UpstreamPools } from '../proxy/upstream-pools';
import { TableStore } from '../routing-table/table-store';

/** A snapshot the worker accepted (validated and compiled once), to be put in force. */
export interface EnforceRequest {
  revision: number;
  /** The table compiled from `body` at `now`. */
  table: RoutingTable;
  /** What was compiled: other processes compile the same body at the same `now` and get the same table. */
  body: string | ConfigSnapshot;
  now: string;
}

/**
 * What serves the traffic: this process alone (`LocalDataPlane`) or a group of processes sharing the listeners
 * (`cluster/process-group.ts`). The source, admin port and status reports (run-worker.ts) talk only to this.
 */
export interface DataPlane {
  /** The revision in force in every serving process (null before the first). */
  readonly revision: number | null;
  readonly enforcedAt: string | null;
  /** The table of `revision`. */
  readonly table: RoutingTable | null;
  /** The revision last handed to `enforce` (it may not be in force everywhere yet). */
  readonly accepted: number | null;
  /** Puts the snapshot in force; resolves with the listener ports' states once it is (or has been tried). */
  enforce(request: EnforceRequest): Promise<PortState[]>;
  ports(): PortState[];
  /** Every serving process enforces the accepted revision. */
  ready(): boolean;
  /** Counters for /config (summed over processes, with a per-process list when there are several). */
  describe(): Promise<Record<string, unknown>>;
  /** Called when what is in force changes outside `enforce` (a process caught up later, or was replaced). */
  onChange(listener: () => void): void;
  /** Prometheus text for the admin port's /metrics (summed over processes in a group). */
  readonly metrics?: PlaneMetrics;
  /** Traffic figures since the previous call, for status reports; absent where they are not counted here. */
  traffic?(): TrafficFigures;
  /** The oldest and newest revision that may answer a request now (absent: both are `revision`, swaps are atomic). */
  servingRevisions?(): { oldest: number | null; newest: number | null };
  /** What identifies the socket listening on `port` (tests: the same value after a change = not re-opened). */
  listenerIdentity?(port: number): unknown;
  /** Stops serving: listeners drain, in-flight requests get `drainMs` to finish. */
  stop(drainMs?: number): Promise<void>;
}

export interface PlaneMetrics {
  contentType: string;
  render(): Promise<string>;
  /** A snapshot was refused before it reached the data plane (counted as a failed reload). */
  noteRejected(): void;
}

/** The proxy in this process: table store, upstream pools, listeners, and the request metrics they feed. */
export class LocalDataPlane implements DataPlane {
  readonly tables = new TableStore();
  readonly connects = new UpstreamConnects();
  readonly pools: UpstreamPools;
  readonly requestMetrics = new RequestMetrics();
  // Requests are counted by the metrics (every response's close); ProxyStats adds only what they do not see.
  readonly stats = new ProxyStats(() => this.requestMetrics.overall.total.count);
  readonly picker = new BackendPicker();
  readonly certificates: ServerCertificates;
  readonly listeners: ListenerManager;
  /** 'enforced' and 'rejected', for the reload metrics. */
  private readonly events = new EventEmitter();
  private readonly registry: WorkerMetrics;
  private readonly window: TrafficWindow;
  readonly metrics: PlaneMetrics;

  constructor(config: Pick<WorkerConfig, 'bindAddress' | 'accessLog' | 'trustedProxies' | 'limits' | 'upstreamTlsSessions'>, logger: Logger, opts: { accessLogDestination?: DestinationStream | undefined } = {}) {
    this.pools = new UpstreamPools(this.connects.observe, config.upstreamTlsSessions);
    this.requestMetrics.setSink(createAccessLog(config.accessLog, opts.accessLogDestination));
    const picker = this.picker;
    const deps = { tables: this.tables, pools: this.pools, picker, stats: this.stats, logger, metrics: this.requestMetrics, trust: trustedPeers(config.trustedProxies), maxBodyBytes: config.limits.maxBodyBytes ?? null };
    this.certificates = new ServerCertificates(logger);
    this.listeners = new ListenerManager(
      config.bindAddress,
      (port, protocol) => createRequestListener(port, deps, protocol),
      logger,
      { portTable: (port) => this.tables.current?.ports[String(port)], certificates: this.certificates, picker },
      (port, protocol) => createUpgradeListener(port, deps, protocol === 'HTTPS' ? 'https' : 'http'),
      config.limits,
    );
    this.registry = createWorkerMetrics({ requests: this.requestMetrics, connects: this.connects, stats: this.stats, tables: this.tables, listeners: this.listeners, events: this.events });
    this.window = new TrafficWindow(this.requestMetrics.overall);
    this.metrics = {
      contentType: this.registry.contentType,
      render: () => this.registry.render(),
      noteRejected: () => this.events.emit('rejected'),
    };
  }

  /** This process's metrics as prom-client JSON, for a group's primary to sum (process-group.ts). */
  metricsJson(): Promise<unknown[]> {
    return this.registry.registry.getMetricsAsJSON();
  }

  traffic(): TrafficFigures {
    return this.window.sample();
  }

  get revision(): number | null {
    return this.tables.revision;
  }

  get enforcedAt(): string | null {
    return this.tables.enforcedAt;
  }

  get table(): RoutingTable | null {
    return this.tables.current;
  }

  get accepted(): number | null {
    return this.tables.revision;
  }

  async enforce({ revision, table }: EnforceRequest): Promise<PortState[]> {
    const receivedAt = performance.now();
    this.tables.swap(table);
    this.pools.retainFor(table);
    this.certificates.retainFor(table);
    const ports = await this.listeners.reconcile(Object.values(table.ports).map((p) => ({ port: p.port, protocol: p.protocol })));
    this.events.emit('enforced', { revision, receivedAt, enforcedAt: performance.now() });
    return ports;
  }

  ports(): PortState[] {
    return this.listeners.states();
  }

  listenerIdentity(port: number): unknown {
    return this.listeners.serverOf(port) ?? null;
  }

  ready(): boolean {
    return this.tables.current !== null;
  }

  counters(): { upstream: Record<string, unknown>; proxy: Record<string, unknown> } {
    return { upstream: { ...this.pools.stats(), ejectedEndpoints: this.picker.outliers.describe().length }, proxy: this.stats.snapshot() };
  }

  describe(): Promise<Record<string, unknown>> {
    return Promise.resolve(this.counters());
  }

  onChange(): void {
    // Everything changes inside enforce() here.
  }

  async stop(drainMs?: number): Promise<void> {
    await this.listeners.closeAll(drainMs);
    await this.pools.closeAll();
  }
}
