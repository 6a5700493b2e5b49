import { connect } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, type Metric, Registry } from 'prom-client';
import type { PlaneMetrics } from '../../../data-plane/data-plane';
import { STATUS_CLASSES } from '../../../metrics/request-metrics';
import { SHARED_METRICS, withNote } from '../../../metrics/metric-definitions';
import { SeriesHistogram } from '../../../metrics/worker-metrics';
import type { BackendLabels } from '../render/render-config';
import { HaproxyLatency, type LatencySeries } from './haproxy-latency';

/** How a snapshot was put in force. */
export type EnforceMethod = 'reload' | 'runtime_api';

/** One `show stat` row (HAProxy 2.6 CSV, management.txt §9.1): the fields used here. */
export interface StatRow {
  pxname: string;
  svname: string;
  [field: string]: string;
}

/** Parses `show stat` CSV (`# pxname,svname,…` header, one row per frontend/backend/server). */
export function parseShowStat(text: string): StatRow[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const head = lines[0];
  if (head === undefined || !head.startsWith('# ')) return [];
  const fields = head.slice(2).split(',');
  return lines.slice(1).map((line) => {
    const values = line.split(',');
    const row: Record<string, string> = {};
    fields.forEach((f, i) => (row[f] = values[i] ?? ''));
    return row as StatRow;
  });
}

/** `show stat` on the current worker's stats socket; [] when HAProxy does not answer. */
function showStat(socket: string): Promise<StatRow[]> {
  return new Promise((resolve) => {
    const s = connect(socket);
    let out = '';
    const timer = setTimeout(() => s.destroy(), 2_000);
    s.setEncoding('utf8');
    s.on('data', (d: string) => (out += d));
    s.on('close', () => {
      clearTimeout(timer);
      resolve(parseShowStat(out));
    });
    s.on('error', () => undefined);
    s.end('show stat\n');
  });
}

const num = (v: string | undefined): number => {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
};

/**
 * The worker's /metrics for the HAProxy engine, with the Node engine's metric names (metrics/worker-metrics.ts) where
 * HAProxy counts the same thing, read from `show stat` of the current HAProxy worker at scrape time:
 * - gatehouse_http_requests_total by gateway/route/rule/backend/status_class: per rendered backend (hrsp_*), and
 *   the answers the frontends gave themselves (404, fixed responses, redirects, 421) as route "none";
 * - gatehouse_open_connections by port (frontend scur), gatehouse_retries_total (wretr + wredis),
 *   gatehouse_upstream_connections_opened_total (connect) and gatehouse_upstream_connect_failures_total (econ);
 * - gatehouse_config_* (reloads, refusals, last reload duration) from the data plane itself, and this engine's own
 *   gatehouse_config_enforced_total by method (`reload`, or `runtime_api` for endpoint-only changes put in force in
 *   the running process) and gatehouse_config_runtime_api_fallbacks_total (runtime updates that failed: reloaded).
 * - gatehouse_http_response_headers_seconds and gatehouse_http_request_duration_seconds (the Node engine's buckets),
 *   built from HAProxy's per-request log records (haproxy-latency.ts) — only while the access log is on
 *   (GATEHOUSE_WORKER_ACCESS_LOG=json, any sample rate): HAProxy itself keeps averages, not distributions.
 * Not available: mirror counters (RequestMirror copies are sent by Lua tasks, render/mirror.ts, and not counted),
 * per-code error and timeout counters. HAProxy's counters start again at each reload (a new process): Prometheus
 * reads that as a counter reset.
 */
export class HaproxyMetrics {
  private readonly registry = new Registry();
  /** The latency histograms, fed by the access-log shipper with every record's timers. */
  readonly latency = new HaproxyLatency((name) => this.labelsOf(name));
  /** What the collectors read: the data plane's own figures and the labels of the backends in force. */
  private readonly state = {
    labels: new Map<string, BackendLabels>(),
    reloads: 0,
    refused: 0,
    lastDuration: null as number | null,
    lastSuccess: null as number | null,
    revision: null as number | null,
    /** Snapshots enforced by a reload (or the first start) and through the runtime API. */
    enforcedBy: { reload: 0, runtime_api: 0 } as Record<EnforceMethod, number>,
    runtimeFallbacks: 0,
  };

  /** Snapshots refused (by the compiler, the renderer or `haproxy -c`). */
  get refused(): number {
    return this.state.refused;
  }

  /** Snapshots enforced, by how; runtime updates that failed and were reloaded instead. */
  get enforced(): { reload: number; runtimeApi: number; runtimeApiFallbacks: number } {
    return { reload: this.state.enforcedBy.reload, runtimeApi: this.state.enforcedBy.runtime_api, runtimeApiFallbacks: this.state.runtimeFallbacks };
  }

  constructor(private readonly statsSocket: string) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const latency = this.latency;
    const fromLog = 'haproxy engine: from its log records, whole milliseconds; only while the access log is on';
    for (const [m, pick] of [
      [SHARED_METRICS.responseHeadersSeconds, (s: LatencySeries) => s.headers],
      [SHARED_METRICS.requestDurationSeconds, (s: LatencySeries) => s.total],
    ] as const) {
      const { name, help } = withNote(m, fromLog);
      this.registry.registerMetric(new SeriesHistogram(name, help, () => latency.all(), pick) as unknown as Metric);
    }
    // One `show stat` per scrape, shared by the collectors (prom-client runs them concurrently).
    let pending: { at: number; rows: Promise<StatRow[]> } | null = null;
    const stats = (): Promise<StatRow[]> => {
      if (pending === null || Date.now() - pending.at > 250) pending = { at: Date.now(), rows: showStat(this.statsSocket) };
      return pending.rows;
    };
    const self = this.state;
    new Counter({
      ...withNote(SHARED_METRICS.httpRequests, 'haproxy engine: answers the frontend gave itself are route "none"'),
      registers,
      async collect() {
        this.reset();
        const rows = await stats();
        const frontendByClass = new Map<string, number>();
        for (const r of rows) {
          if (r.svname === 'FRONTEND' && r.pxname.startsWith('p')) for (const c of STATUS_CLASSES.slice(1)) frontendByClass.set(c, (frontendByClass.get(c) ?? 0) + num(r[`hrsp_${c}`]));
        }
        for (const r of rows) {
          if (r.svname !== 'BACKEND') continue;
          const l = self.labels.get(r.pxname);
          if (l === undefined) continue;
          for (const c of STATUS_CLASSES.slice(1)) {
            const n = num(r[`hrsp_${c}`]);
            frontendByClass.set(c, (frontendByClass.get(c) ?? 0) - n);
            if (n > 0) this.inc({ gateway: l.gateway, route: l.route, rule: l.rule, backend: l.backend, status_class: c }, n);
          }
        }
        for (const [c, n] of frontendByClass) if (n > 0) this.inc({ gateway: 'none', route: 'none', rule: 'none', backend: 'none', status_class: c }, n);
      },
    });
    new Gauge({
      ...SHARED_METRICS.openConnections,
      registers,
      async collect() {
        this.reset();
        const rows = await stats();
        for (const r of rows) if (r.svname === 'FRONTEND' && /^p\d+$/.test(r.pxname)) this.set({ port: r.pxname.slice(1) }, num(r.scur));
      },
    });
    new Counter({
      ...SHARED_METRICS.retries,
      registers,
      async collect() {
        this.reset();
        const rows = await stats();
        this.inc(rows.filter((r) => r.svname === 'BACKEND' && self.labels.has(r.pxname)).reduce((a, r) => a + num(r.wretr) + num(r.wredis), 0));
      },
    });
    new Counter({
      ...withNote(SHARED_METRICS.upstreamConnectionsOpened, 'haproxy engine: connection attempts, TLS or not'),
      registers,
      async collect() {
        this.reset();
        const rows = await stats();
        for (const tls of [false, true]) {
          this.inc({ tls: String(tls) }, rows.filter((r) => r.svname === 'BACKEND' && self.labels.get(r.pxname)?.tls === tls).reduce((a, r) => a + num(r.connect), 0));
        }
      },
    });
    new Counter({
      ...withNote(SHARED_METRICS.upstreamConnectFailures, 'haproxy engine: reason "connect_error", HAProxy does not count by cause'),
      registers,
      async collect() {
        this.reset();
        const rows = await stats();
        for (const tls of [false, true]) {
          const n = rows.filter((r) => r.svname === 'BACKEND' && self.labels.get(r.pxname)?.tls === tls).reduce((a, r) => a + num(r.econ), 0);
          if (n > 0) this.inc({ tls: String(tls), reason: 'connect_error' }, n);
        }
      },
    });
    new Gauge({
      ...SHARED_METRICS.configRevision,
      registers,
      collect() {
        this.reset();
        if (self.revision !== null) this.set(self.revision);
      },
    });
    new Counter({
      ...SHARED_METRICS.configReloads,
      registers,
      collect() {
        this.reset();
        this.inc({ result: 'success' }, self.reloads);
        this.inc({ result: 'failure' }, self.refused);
      },
    });
    new Counter({
      name: 'gatehouse_config_enforced_total',
      help: 'Snapshots enforced, by method (haproxy engine): reload (a new HAProxy process; also the first start) or runtime_api (only endpoints changed: put in force in the running process, no reload)',
      labelNames: ['method'],
      registers,
      collect() {
        this.reset();
        for (const [method, n] of Object.entries(self.enforcedBy)) this.inc({ method }, n);
      },
    });
    new Counter({
      name: 'gatehouse_config_runtime_api_fallbacks_total',
      help: 'Endpoint-only changes the runtime API did not put in force (a command refused, servers not as expected): reloaded instead',
      registers,
      collect() {
        this.reset();
        this.inc(self.runtimeFallbacks);
      },
    });
    new Gauge({
      ...withNote(SHARED_METRICS.configLastReloadDuration, 'haproxy engine: render, check, reload'),
      registers,
      collect() {
        this.reset();
        if (self.lastDuration !== null) this.set(self.lastDuration);
      },
    });
    new Gauge({
      ...SHARED_METRICS.configLastReloadSuccess,
      registers,
      collect() {
        this.reset();
        if (self.lastSuccess !== null) this.set(self.lastSuccess);
      },
    });
  }

  /** After a snapshot is enforced (by `method`): the backends of the configuration in force (their labels) and how long it took. */
  noteReload(ok: boolean, durationMs: number, revision?: number, backends?: readonly BackendLabels[], method: EnforceMethod = 'reload'): void {
    const s = this.state;
    if (!ok) {
      s.refused++;
      return;
    }
    s.reloads++;
    s.enforcedBy[method]++;
    s.lastDuration = durationMs / 1000;
    s.lastSuccess = Date.now() / 1000;
    if (revision !== undefined) s.revision = revision;
    if (backends !== undefined) s.labels = new Map(backends.map((b) => [b.name, b]));
  }

  /** /config counters in the Node engine's shape where HAProxy counts the same (current process only). */
  async counters(): Promise<{ upstream: { connectionsOpened: number }; proxy: { requests: number; retries: number } }> {
    const rows = await showStat(this.statsSocket);
    const ours = rows.filter((r) => r.svname === 'BACKEND' && this.state.labels.has(r.pxname));
    return {
      upstream: { connectionsOpened: ours.reduce((a, r) => a + num(r.connect), 0) },
      proxy: {
        requests: rows.filter((r) => r.svname === 'FRONTEND' && /^p\d+$/.test(r.pxname)).reduce((a, r) => a + num(r.req_tot), 0),
        retries: ours.reduce((a, r) => a + num(r.wretr) + num(r.wredis), 0),
      },
    };
  }

  /** A runtime update that failed (the change is reloaded instead). */
  noteRuntimeFallback(): void {
    this.state.runtimeFallbacks++;
  }

  /** Labels of a rendered backend (access log). */
  labelsOf(name: string): BackendLabels | undefined {
    return this.state.labels.get(name);
  }

  plane(): PlaneMetrics {
    return {
      contentType: this.registry.contentType,
      render: () => this.registry.metrics(),
      noteRejected: () => {
        this.state.refused++;
      },
    };
  }
}
