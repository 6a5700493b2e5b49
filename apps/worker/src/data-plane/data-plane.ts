import type { Logger } from 'pino';
import type { RoutingTable } from '@gatehouse/compiler/routing-table/routing-table';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';
import { BackendPicker } from '../proxy/backend-picker';
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
  stop(): Promise<void>;
}

/** The proxy in this process: table store, upstream pools, listeners. */
export class LocalDataPlane implements DataPlane {
  readonly tables = new TableStore();
  readonly pools = new UpstreamPools();
  readonly stats = new ProxyStats();
  readonly certificates: ServerCertificates;
  readonly listeners: ListenerManager;

  constructor(bindAddress: string, logger: Logger) {
    const deps = { tables: this.tables, pools: this.pools, picker: new BackendPicker(), stats: this.stats, logger };
    this.certificates = new ServerCertificates(logger);
    this.listeners = new ListenerManager(
      bindAddress,
      (port, protocol) => createRequestListener(port, deps, protocol),
      logger,
      { portTable: (port) => this.tables.current?.ports[String(port)], certificates: this.certificates },
      (port, protocol) => createUpgradeListener(port, deps, protocol === 'HTTPS' ? 'https' : 'http'),
    );
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

  async enforce({ table }: EnforceRequest): Promise<PortState[]> {
    this.tables.swap(table);
    this.pools.retainFor(table);
    this.certificates.retainFor(table);
    return this.listeners.reconcile(Object.values(table.ports).map((p) => ({ port: p.port, protocol: p.protocol })));
  }

  ports(): PortState[] {
    return this.listeners.states();
  }

  ready(): boolean {
    return this.tables.current !== null;
  }

  counters(): { upstream: Record<string, unknown>; proxy: Record<string, unknown> } {
    return { upstream: { ...this.pools.stats() }, proxy: this.stats.snapshot() };
  }

  describe(): Promise<Record<string, unknown>> {
    return Promise.resolve(this.counters());
  }

  onChange(): void {
    // Everything changes inside enforce() here.
  }

  async stop(): Promise<void> {
    await this.listeners.closeAll();
    await this.pools.closeAll();
  }
}
