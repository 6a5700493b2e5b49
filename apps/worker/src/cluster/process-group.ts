import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { RoutingTable } from '@gatehouse/compiler/routing-table/routing-table';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { DataPlane, EnforceRequest, PlaneMetrics } from '../data-plane/data-plane';
import type { PortState } from '../proxy/listener-manager';
import { asToPrimary, type DescribedMessage, type ToMember, type ToPrimary } from './messages';
import { sumCounters } from './sum-counters';

/** How long `enforce` waits for every process before it returns (the revision is reported when they catch up). */
const ENFORCE_WAIT_MS = 30_000;
/** How long /config waits for a process's counters. */
const DESCRIBE_WAIT_MS = 2_000;
/** How long a process may take to drain and exit before it is killed (its drain deadline plus a margin). */
const STOP_WAIT_MARGIN_MS = 5_000;
/** A process that lived this long before it died is restarted at once; quicker deaths back off up to the cap. */
const HEALTHY_LIFETIME_MS = 10_000;
const RESTART_BACKOFF_CAP_MS = 10_000;

interface Member {
  slot: number;
  worker: Worker;
  pid: number;
  startedAt: number;
  /** Says hello once it listens for messages; nothing is sent before. */
  hello: boolean;
  revision: number | null;
  enforcedAt: string | null;
  ports: PortState[];
  error: string | null;
  /** The revision this process last refused (so that nobody waits for it to enforce that one). */
  refused: number | null;
}

interface Accepted {
  revision: number;
  table: RoutingTable;
  body: string;
  now: string;
}

/**
 * The primary of a worker running several processes (GATEHOUSE_WORKER_PROCESSES > 1). It owns no listener: it
 * forks the serving processes with node:cluster (group-member.ts), sends each accepted snapshot to all of them and
 * counts a revision as enforced only when every process said it enforces it. A process that dies is forked again
 * and gets the current snapshot as soon as it says hello. The listening sockets are node:cluster's: the primary
 * binds each port once and hands connections to the processes that listen on it (round robin on Linux), so a
 * port that cannot be bound fails in every process and is reported as such.
 */
export class ProcessGroup implements DataPlane {
  private readonly slots: Array<Member | null>;
  private readonly crashes: number[];
  private accepted_: Accepted | null = null;
  private inForce: { revision: number; table: RoutingTable; at: string } | null = null;
  private readonly changeListeners: Array<() => void> = [];
  private readonly settled: Array<() => void> = [];
  private readonly describing = new Map<number, (m: DescribedMessage) => void>();
  private nextId = 1;
  private restarts = 0;
  private stopping = false;

  constructor(
    readonly size: number,
    private readonly logger: Logger,
  ) {
    this.slots = Array.from({ length: size }, () => null);
    this.crashes = Array.from({ length: size }, () => 0);
  }

  /** Forks the processes (main.ts is run again in each; node:cluster tells it apart as a worker). */
  start(): void {
    for (let slot = 0; slot < this.size; slot++) this.fork(slot);
  }

  get revision(): number | null {
    return this.inForce?.revision ?? null;
  }

  get enforcedAt(): string | null {
    return this.inForce?.at ?? null;
  }

  get table(): RoutingTable | null {
    return this.inForce?.table ?? null;
  }

  get accepted(): number | null {
    return this.accepted_?.revision ?? null;
  }

  private fork(slot: number): void {
    const worker = cluster.fork({ GATEHOUSE_WORKER_PROCESS_SLOT: String(slot) });
    const member: Member = { slot, worker, pid: worker.process.pid ?? 0, startedAt: Date.now(), hello: false, revision: null, enforcedAt: null, ports: [], error: null, refused: null };
    this.slots[slot] = member;
    worker.on('message', (raw: unknown) => {
      const m = asToPrimary(raw);
      if (m !== null) this.onMessage(member, m);
    });
    worker.on('exit', (code, signal) => this.onExit(member, code, signal));
    this.logger.info({ slot, pid: member.pid }, 'serving process started');
  }

  private send(member: Member, message: ToMember): void {
    if (!member.worker.isConnected()) return;
    try {
      member.worker.send(message);
    } catch (err) {
      this.logger.warn({ pid: member.pid, err: err instanceof Error ? err.message : String(err) }, 'cannot reach a serving process');
    }
  }

  private snapshotMessage(a: Accepted): ToMember {
    return { t: 'gatehouse:snapshot', revision: a.revision, body: a.body, now: a.now };
  }

  private onMessage(member: Member, m: ToPrimary): void {
    if (m.t === 'gatehouse:hello') {
      member.hello = true;
      if (this.accepted_ !== null) this.send(member, this.snapshotMessage(this.accepted_));
    } else if (m.t === 'gatehouse:applied') {
      if (m.ok) {
        member.revision = m.revision;
        member.enforcedAt = new Date().toISOString();
        member.ports = m.ports;
        member.error = null;
      } else {
        member.error = m.error;
        member.refused = m.revision;
        this.logger.error({ pid: member.pid, revision: m.revision }, `a serving process refused revision ${m.revision}: ${m.error}`);
      }
      this.settle();
    } else {
      this.describing.get(m.id)?.(m);
    }
  }

  private onExit(member: Member, code: number | null, signal: string | null): void {
    if (this.slots[member.slot] !== member) return;
    this.slots[member.slot] = null;
    if (this.stopping) return;
    const lived = Date.now() - member.startedAt;
    this.crashes[member.slot] = lived >= HEALTHY_LIFETIME_MS ? 1 : (this.crashes[member.slot] ?? 0) + 1;
    const n = this.crashes[member.slot] ?? 1;
    const delay = n <= 1 ? 0 : Math.min(RESTART_BACKOFF_CAP_MS, 250 * 2 ** (n - 2));
    this.restarts++;
    this.logger.error({ slot: member.slot, pid: member.pid, code, signal, restartInMs: delay }, 'a serving process ended; starting another');
    this.notify();
    setTimeout(() => {
      if (!this.stopping && this.slots[member.slot] === null) this.fork(member.slot);
    }, delay).unref();
  }

  /** Every slot holds a process that enforces the accepted revision. */
  private allEnforce(revision: number): boolean {
    return this.slots.every((m) => m !== null && m.revision === revision);
  }

  private settle(): void {
    const a = this.accepted_;
    if (a !== null && this.inForce?.revision !== a.revision && this.allEnforce(a.revision)) {
      this.inForce = { revision: a.revision, table: a.table, at: new Date().toISOString() };
      this.logger.info({ revision: a.revision, processes: this.size }, 'snapshot enforced by every serving process');
    }
    for (const resolve of this.settled.splice(0)) resolve();
    this.notify();
  }

  private notify(): void {
    for (const listener of this.changeListeners) listener();
  }

  async enforce(request: EnforceRequest): Promise<PortState[]> {
    const body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    const a: Accepted = { revision: request.revision, table: request.table, body, now: request.now };
    this.accepted_ = a;
    for (const member of this.slots) if (member?.hello) this.send(member, this.snapshotMessage(a));
    const deadline = Date.now() + ENFORCE_WAIT_MS;
    // Waits for every process to answer, for a newer snapshot, or for the deadline: the caller (the feed loop) must go on.
    const answered = (): boolean => this.slots.every((m) => m !== null && (m.revision === a.revision || m.refused === a.revision));
    while (this.accepted_ === a && !answered() && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.settled.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (this.accepted_ === a && !this.allEnforce(a.revision)) {
      const behind = this.slots.filter((m) => m?.revision !== a.revision).map((m) => m?.pid ?? 'restarting');
      this.logger.warn({ revision: a.revision, behind }, `revision ${a.revision} is not enforced by every serving process yet`);
    }
    return this.ports();
  }

  /** A port serves when every process that reported it serves it; one failure anywhere makes it an error. */
  ports(): PortState[] {
    const byPort = new Map<number, PortState>();
    for (const member of this.slots) {
      for (const p of member?.ports ?? []) {
        const seen = byPort.get(p.port);
        if (seen === undefined || (seen.state === 'serving' && p.state === 'error')) {
          byPort.set(p.port, p.state === 'error' ? { ...p, error: `process ${member?.pid}: ${p.error ?? 'error'}` } : p);
        }
      }
    }
    return [...byPort.values()].sort((x, y) => x.port - y.port);
  }

  ready(): boolean {
    return this.accepted_ !== null && this.allEnforce(this.accepted_.revision);
  }

  /**
   * /metrics of the group: every serving process's registry (as prom-client JSON over IPC) summed by prom-client's
   * own aggregation, so counters and histogram buckets add up across processes.
   */
  readonly metrics: PlaneMetrics = {
    contentType: AggregatorRegistry.PROMETHEUS_CONTENT_TYPE ?? 'text/plain; version=0.0.4; charset=utf-8',
    render: async () => {
      const members = this.slots.filter((m): m is Member => m !== null && m.hello);
      const answers = await Promise.all(members.map((m) => this.ask(m, true)));
      const lists = answers.flatMap((a) => (a?.metrics === undefined ? [] : [a.metrics as Array<MetricObjectWithValues<MetricValue<string>>>]));
      return AggregatorRegistry.aggregate(lists).metrics();
    },
    // Refusals happen in the primary, before any process sees the snapshot: /config and status reports say so.
    noteRejected: () => undefined,
  };

  private ask(member: Member, withMetrics = false): Promise<DescribedMessage | null> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.describing.delete(id);
        resolve(null);
      }, DESCRIBE_WAIT_MS);
      this.describing.set(id, (m) => {
        clearTimeout(timer);
        this.describing.delete(id);
        resolve(m);
      });
      this.send(member, { t: 'gatehouse:describe', id, ...(withMetrics ? { metrics: true } : {}) });
    });
  }

  async describe(): Promise<Record<string, unknown>> {
    const members = this.slots.filter((m): m is Member => m !== null);
    const answers = await Promise.all(members.map((m) => (m.hello ? this.ask(m) : Promise.resolve(null))));
    const counted = answers.filter((a): a is DescribedMessage => a !== null);
    return {
      upstream: sumCounters(counted.map((a) => a.counters.upstream)),
      proxy: sumCounters(counted.map((a) => a.counters.proxy)),
      processes: {
        wanted: this.size,
        restarts: this.restarts,
        list: members.map((m, i) => {
          const a = answers[i];
          const base = { slot: m.slot, pid: m.pid, revision: m.revision, enforcedAt: m.enforcedAt, listeners: m.ports, ...(m.error === null ? {} : { error: m.error }) };
          return a === null || a === undefined ? { ...base, answered: false } : { ...base, answered: true, upstream: a.counters.upstream, proxy: a.counters.proxy };
        }),
      },
    };
  }

  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  async stop(drainMs = 10_000): Promise<void> {
    this.stopping = true;
    const members = this.slots.filter((m): m is Member => m !== null);
    await Promise.all(
      members.map(
        (m) =>
          new Promise<void>((resolve) => {
            if (m.worker.isDead()) return resolve();
            const timer = setTimeout(() => {
              m.worker.process.kill('SIGKILL');
            }, drainMs + STOP_WAIT_MARGIN_MS);
            m.worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            // One that has not said hello has no handler yet: a signal ends it (its default action, or its drain).
            if (m.hello) this.send(m, { t: 'gatehouse:stop' });
            else m.worker.process.kill('SIGTERM');
          }),
      ),
    );
  }
}
