import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DestinationStream, Logger } from 'pino';
import type { RoutingTable } from '@gatehouse/compiler/routing-table/routing-table';
import { checkHaproxyBinary, type WorkerConfig } from '../../config/worker-config';
import type { DataPlane, EnforceRequest, PlaneMetrics } from '../../data-plane/data-plane';
import type { PortState } from '../../proxy/listener-manager';
import { HaproxyMetrics } from './observe/haproxy-metrics';
import { AccessLogShipper } from './observe/access-log-shipper';
import { endpointChange, runtimeCommands } from './render/endpoint-change';
import { type RenderedConfig, type RenderOptions, renderHaproxyConfig } from './render/render-config';
import { HaproxySupervisor } from './supervise/haproxy-supervisor';
import { applySlotChanges, settleRetiredSlots } from './supervise/runtime-api';

type HaproxyConfigInput = Pick<WorkerConfig, 'bindAddress' | 'accessLog' | 'trustedProxies' | 'limits' | 'haproxyBin' | 'workerProcesses'>;

/** Whether this process could bind `port` now (a port HAProxy does not hold yet): null, or why not. */
function portProblem(bindAddress: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => resolve(`${err.code ?? 'error'}: ${err.message}`));
    srv.listen({ port, host: bindAddress, exclusive: true }, () => srv.close(() => resolve(null)));
  });
}

/** How long enforcing waits for the previous process to unbind ports that left the table. */
const PORT_CLOSE_WAIT_MS = 2_000;

/** Resolves once no socket listens on any of `ports` (or after `ms`: an old process busy closing is not an error). */
async function waitUntilUnbound(ports: readonly number[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (ports.some((p) => listeningInode(p) !== null) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The inode of the socket listening on `port` (Linux /proc/net/tcp{,6}): the same inode = the same socket. */
function listeningInode(port: number): string | null {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is `HEXADDR:HEXPORT`; state 0A = LISTEN; inode is the tenth field.
      if (f[1]?.endsWith(`:${hexPort}`) === true && f[3] === '0A') return f[9] ?? null;
    }
  }
  return null;
}

/**
 * The HAProxy engine behind the DataPlane seam: each accepted table is rendered to HAProxy configuration (render/,
 * pure), checked with `haproxy -c` and put in force by a hitless reload of the supervised HAProxy (supervise/).
 * Runtime files (configuration, PEM bundles with private keys) live in a private directory (0700, files 0600)
 * removed at stop; their content is never logged. A change that renders to the configuration in force but for the
 * endpoints in server slots (render/endpoint-change.ts: the most frequent change, pods coming and going) is put in
 * force in the running process through HAProxy's runtime API instead (supervise/runtime-api.ts), checked with `show
 * servers state`, and haproxy.cfg rewritten without a reload; when the runtime API fails, the change is reloaded.
 * A table HAProxy cannot enforce makes `enforce` throw: the worker reports the snapshot as rejected and the last good
 * configuration keeps serving.
 */
export class HaproxyDataPlane implements DataPlane {
  readonly dir: string;
  readonly version: string;
  private readonly supervisor: HaproxySupervisor;
  private readonly listeners = new Set<() => void>();
  private current: { revision: number; table: RoutingTable; enforcedAt: string; rendered: RenderedConfig } | null = null;
  /** The HAProxy worker process serving the configuration in force (runtime API updates go to it). */
  private currentPid: number | null = null;
  /** How the last snapshot was put in force, and why not through the runtime API when it was reloaded. */
  private lastEnforced: { revision: number; method: 'reload' | 'runtime_api'; why: string | null } | null = null;
  /** A runtime update failed and its reload did not happen: only a reload may change servers until one succeeds. */
  private runtimeInDoubt = false;
  /**
   * Slots freed through the runtime API since the worker process started, by backend: they may still hold
   * connections to their old endpoint and take a new one only once they hold none (supervise/runtime-api.ts).
   */
  private retired = new Map<string, Set<number>>();
  private acceptedRevision: number | null = null;
  /** The newest revision a request may meet: set when its reload starts. */
  private newest: number | null = null;
  /** HAProxy worker PID → the revision it serves (old workers finish their connections on theirs). */
  private readonly served = new Map<number, number>();
  private portStates: PortState[] = [];
  private files = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  readonly metrics: PlaneMetrics;
  private readonly observed: HaproxyMetrics;
  private readonly accessLog: AccessLogShipper | null;

  constructor(
    private readonly config: HaproxyConfigInput,
    private readonly logger: Logger,
    opts: { accessLogDestination?: DestinationStream | undefined } = {},
  ) {
    this.version = checkHaproxyBinary(config.haproxyBin);
    this.dir = mkdtempSync(join(tmpdir(), 'gatehouse-haproxy-'));
    chmodSync(this.dir, 0o700);
    this.observed = new HaproxyMetrics(`${this.dir}/admin.sock`);
    this.metrics = this.observed.plane();
    this.accessLog = AccessLogShipper.create(config.accessLog, (name) => this.observed.labelsOf(name), opts.accessLogDestination, (backend, timers) => this.observed.latency.observe(backend, timers));
    this.supervisor = new HaproxySupervisor({
      bin: config.haproxyBin,
      dir: this.dir,
      logger: logger.child({ engine: 'haproxy' }),
      ...(this.accessLog === null ? {} : { onStdoutLine: (line: string) => this.accessLog?.line(line) }),
    });
    this.supervisor.on('restarted', (served: { pid: number }) => {
      this.currentPid = served.pid;
      this.retired.clear();
      if (this.current !== null) this.served.set(served.pid, this.current.revision);
      for (const l of this.listeners) l();
    });
    this.supervisor.on('exit', () => {
      for (const l of this.listeners) l();
    });
  }

  get revision(): number | null {
    return this.current?.revision ?? null;
  }

  get enforcedAt(): string | null {
    return this.current?.enforcedAt ?? null;
  }

  get table(): RoutingTable | null {
    return this.current?.table ?? null;
  }

  get accepted(): number | null {
    return this.acceptedRevision;
  }

  enforce(request: EnforceRequest): Promise<PortState[]> {
    const run = this.queue.then(() => this.enforceNow(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async enforceNow({ revision, table }: EnforceRequest): Promise<PortState[]> {
    const receivedAt = performance.now();
    const held = new Set(this.portStates.filter((p) => p.state === 'serving').map((p) => p.port));
    const busy = new Map<number, string>();
    for (const p of Object.values(table.ports)) {
      if (held.has(p.port)) continue;
      const problem = await portProblem(this.config.bindAddress, p.port);
      if (problem !== null) busy.set(p.port, problem);
    }
    const options: RenderOptions = {
      dir: this.dir,
      bindAddress: this.config.bindAddress,
      revision,
      threads: this.config.workerProcesses,
      limits: this.config.limits,
      trustedProxies: this.config.trustedProxies,
      skipPorts: new Set(busy.keys()),
      accessLog: this.accessLog !== null,
    };
    const running = new Map((this.current?.rendered.pools ?? []).map((p) => [p.backend, p]));
    const pid = this.currentPid;
    let why = this.current === null ? 'first configuration' : this.runtimeInDoubt ? 'a runtime update failed since the last reload' : 'HAProxy is not running';
    let rendered: RenderedConfig | null = null;
    if (this.current !== null && pid !== null && this.supervisor.running && !this.runtimeInDoubt) {
      // Slots freed by earlier runtime updates that hold no connection any more may take new endpoints.
      let stillBusy = this.retired;
      try {
        stillBusy = await settleRetiredSlots(this.supervisor.masterSocket, pid, this.retired);
        this.retired = stillBusy;
      } catch (err) {
        this.logger.debug({ err: err instanceof Error ? err.message : String(err) }, 'cannot see the connections of freed server slots');
      }
      rendered = renderHaproxyConfig(table, { ...options, placement: { running, live: { busy: stillBusy } } });
    }
    const change = rendered === null || this.current === null ? null : endpointChange(this.current.rendered, rendered);
    if (change?.kind === 'reload') why = change.reason;
    if (rendered === null || change?.kind === 'reload') rendered = renderHaproxyConfig(table, { ...options, placement: { running } });
    for (const note of rendered.notes) this.logger.error({ revision }, note);
    for (const f of rendered.files) {
      const path = join(this.dir, f.name);
      if (!existsSync(path)) writeFileSync(path, f.content, { mode: 0o600 });
    }
    const portStates = [
      ...rendered.ports.map((p): PortState => ({ port: p.port, protocol: p.protocol, state: 'serving' })),
      ...[...busy].map(([port, error]): PortState => ({ port, protocol: table.ports[String(port)]?.protocol ?? 'HTTP', state: 'error', error })),
    ].sort((a, b) => a.port - b.port);
    if (change?.kind === 'runtime' && pid !== null) {
      try {
        await applySlotChanges(this.supervisor.masterSocket, pid, change.changes, runtimeCommands(change.changes));
        for (const c of change.changes) if (c.from !== null && c.to === null) this.retired.set(c.backend, new Set([...(this.retired.get(c.backend) ?? []), c.slot]));
        this.supervisor.record(rendered.config, rendered.probeSocket);
        this.newest = revision;
        this.served.set(pid, revision);
        this.acceptedRevision = revision;
        this.current = { revision, table, enforcedAt: new Date().toISOString(), rendered };
        this.portStates = portStates;
        this.lastEnforced = { revision, method: 'runtime_api', why: null };
        this.observed.noteReload(true, performance.now() - receivedAt, revision, rendered.backends, 'runtime_api');
        this.logger.debug({ revision, slots: change.changes.length }, 'endpoint change put in force through the HAProxy runtime API (no reload)');
        return this.portStates;
      } catch (err) {
        // Some commands may have been carried out: the running servers are no longer known until a reload succeeds.
        this.runtimeInDoubt = true;
        this.observed.noteRuntimeFallback();
        why = `the runtime API failed: ${err instanceof Error ? err.message : String(err)}`;
        this.logger.warn({ revision, err: err instanceof Error ? err.message : String(err) }, 'the HAProxy runtime API did not put the endpoint change in force; reloading instead');
      }
    }
    this.newest = revision;
    let served: { pid: number };
    try {
      served = await this.supervisor.apply(rendered.config, rendered.probeSocket);
    } catch (err) {
      // Counted as a failed reload by the worker (PlaneMetrics.noteRejected) when it reports the rejection.
      this.newest = this.current?.revision ?? null;
      throw err;
    }
    // A port that left the table is enforced when nothing listens on it any more: the old process unbinds it at its
    // soft stop, a moment after the new one confirmed the reload (a connection in between would still be accepted).
    const kept = new Set(rendered.ports.map((p) => p.port));
    const removed = (this.current?.rendered.ports ?? []).map((p) => p.port).filter((port) => !kept.has(port));
    if (removed.length > 0) await waitUntilUnbound(removed, PORT_CLOSE_WAIT_MS);
    this.served.set(served.pid, revision);
    this.currentPid = served.pid;
    this.runtimeInDoubt = false;
    this.retired.clear();
    this.lastEnforced = { revision, method: 'reload', why };
    this.acceptedRevision = revision;
    this.current = { revision, table, enforcedAt: new Date().toISOString(), rendered };
    this.portStates = portStates;
    this.observed.noteReload(true, performance.now() - receivedAt, revision, rendered.backends);
    this.cleanup(new Set(rendered.files.map((f) => f.name)), rendered.probeSocket, new Set(rendered.ports.map((p) => `handoff-${p.port}-${p.protocol.toLowerCase()}.sock`)));
    return this.portStates;
  }

  /** Removes files the configuration in force no longer names, and probe sockets of processes gone. */
  private cleanup(keep: Set<string>, probeSocket: string, handoffs: Set<string>): void {
    for (const name of this.files) if (!keep.has(name)) rmSync(join(this.dir, name), { force: true });
    this.files = keep;
    const live = new Set([...this.served].filter(([pid]) => isAlive(pid)).map(([, rev]) => `probe-${rev}.sock`));
    for (const name of readdirSync(this.dir)) {
      if (name.startsWith('probe-') && join(this.dir, name) !== probeSocket && !live.has(name)) rmSync(join(this.dir, name), { force: true });
      if (name.startsWith('handoff-') && !handoffs.has(name) && live.size <= 1) rmSync(join(this.dir, name), { force: true });
    }
  }

  ports(): PortState[] {
    return this.portStates;
  }

  ready(): boolean {
    return this.current !== null;
  }

  servingRevisions(): { oldest: number | null; newest: number | null } {
    let oldest: number | null = null;
    for (const [pid, rev] of this.served) {
      if (!isAlive(pid)) {
        this.served.delete(pid);
        continue;
      }
      if (oldest === null || rev < oldest) oldest = rev;
    }
    return { oldest: oldest ?? this.revision, newest: this.newest ?? this.revision };
  }

  listenerIdentity(port: number): unknown {
    return listeningInode(port);
  }

  async describe(): Promise<Record<string, unknown>> {
    return {
      engine: 'haproxy',
      ...(this.supervisor.running ? await this.observed.counters() : {}),
      haproxy: {
        version: this.version,
        masterPid: this.supervisor.masterPid,
        workers: this.supervisor.running ? await this.supervisor.workers() : [],
        reloadsRefused: this.observed.refused,
        // Snapshots enforced by a reload and through the runtime API (endpoint-only changes), runtime updates reloaded.
        enforced: this.observed.enforced,
        lastEnforced: this.lastEnforced,
      },
    };
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** Test and operator hook: the worker processes HAProxy runs now. */
  workers(): Promise<Array<{ pid: number; current: boolean }>> {
    return this.supervisor.workers();
  }

  async stop(drainMs?: number): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.supervisor.stop(drainMs);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
