import type { EventEmitter } from 'node:events';
import type { Server } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, type Metric, Registry } from 'prom-client';
import type { PortState } from '../proxy/listener-manager';
import type { ProxyStats } from '../proxy/proxy-stats';
import type { TableStore } from '../routing-table/table-store';
import { LATENCY_BUCKETS_SECONDS, type LatencyHistogram } from './latency-histogram';
import { SHARED_METRICS, withNote } from './metric-definitions';
import { type RequestMetrics, type RequestSeries, STATUS_CLASSES } from './request-metrics';
import type { UpstreamConnects } from './upstream-connects';

/** What the metrics read at scrape time: the worker's own state, nothing copied on the request path. */
export interface MetricSources {
  requests: RequestMetrics;
  connects: UpstreamConnects;
  stats: ProxyStats;
  tables: TableStore;
  listeners: { states(): PortState[]; serverOf(port: number): { getConnections?: Server['getConnections'] } | undefined };
  /** The worker's 'enforced' ({revision, receivedAt, enforcedAt}) and 'rejected' events. */
  events: EventEmitter;
}

export interface WorkerMetrics {
  registry: Registry;
  /** `text/plain; version=0.0.4; charset=utf-8`. */
  contentType: string;
  render(): Promise<string>;
}

/** Gateway-answered error codes that are timeouts, by kind. */
const TIMEOUT_CODES: Readonly<Record<string, string>> = {
  request_timeout: 'request',
  backend_timeout: 'backend_request',
  upstream_connect_timeout: 'upstream_connect',
  upstream_headers_timeout: 'upstream_headers',
};

type Labels = Record<string, string>;

/**
 * A histogram whose buckets are counted on the hot path (`LatencyHistogram`) and only read here. prom-client's own
 * Histogram hashes its label values on every observe; this one gives the registry prom-client's histogram shape
 * (`_bucket` with `le`, `_sum`, `_count`) at scrape time.
 */
export class SeriesHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly series: () => Iterable<Pick<RequestSeries, 'labels' | 'headers' | 'total'>>,
    private readonly pick: (s: Pick<RequestSeries, 'labels' | 'headers' | 'total'>) => LatencyHistogram,
  ) {}

  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Array<{ metricName: string; labels: Labels; value: number }> }> {
    const values: Array<{ metricName: string; labels: Labels; value: number }> = [];
    for (const s of this.series()) {
      const h = this.pick(s);
      if (h.count === 0) continue;
      const labels: Labels = { ...s.labels };
      let cumulative = 0;
      for (let i = 0; i < h.counts.length; i++) {
        cumulative += h.counts[i] as number;
        const le = i < LATENCY_BUCKETS_SECONDS.length ? String(LATENCY_BUCKETS_SECONDS[i]) : '+Inf';
        values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le }, value: cumulative });
      }
      values.push({ metricName: `${this.name}_sum`, labels, value: h.sum });
      values.push({ metricName: `${this.name}_count`, labels, value: h.count });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }
}

/**
 * The worker's Prometheus registry (its own, never prom-client's global one): request counters and latency histograms
 * by gateway/route/rule/backend, upstream connections and TLS handshakes, configuration reloads, open client
 * connections, mirrors, retries, timeouts, gateway-answered errors, and the default process metrics. Everything but
 * the request series is read from existing state when scraped.
 */
export function createWorkerMetrics(src: MetricSources): WorkerMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  new Counter({
    ...withNote(SHARED_METRICS.httpRequests, 'status_class none: the client left before a response started'),
    registers,
    collect() {
      this.reset();
      for (const s of src.requests.all()) {
        for (let c = 0; c < STATUS_CLASSES.length; c++) {
          const n = s.byClass[c] as number;
          if (n > 0) this.inc({ ...s.labels, status_class: STATUS_CLASSES[c] as string }, n);
        }
      }
    },
  });
  const histogram = (m: { name: string; help: string }, pick: (s: Pick<RequestSeries, 'headers' | 'total'>) => LatencyHistogram): void =>
    registry.registerMetric(new SeriesHistogram(m.name, m.help, () => src.requests.all(), pick) as unknown as Metric);
  histogram(SHARED_METRICS.responseHeadersSeconds, (s) => s.headers);
  histogram(withNote(SHARED_METRICS.requestDurationSeconds, 'or to the client leaving'), (s) => s.total);

  new Counter({
    ...withNote(SHARED_METRICS.upstreamConnectionsOpened, 'TLS: handshake completed and verified'),
    registers,
    collect() {
      this.reset();
      this.inc({ tls: 'false' }, src.connects.plainOpened);
      this.inc({ tls: 'true' }, src.connects.tlsHandshakes);
    },
  });
  new Counter({
    name: 'gatehouse_upstream_tls_handshakes_total',
    help: 'Upstream TLS handshakes completed and verified (new connections; pooled connections are reused), by session: full, or resumed from a cached session',
    labelNames: ['session'],
    registers,
    collect() {
      this.reset();
      this.inc({ session: 'full' }, src.connects.tlsHandshakes - src.connects.tlsResumed);
      this.inc({ session: 'resumed' }, src.connects.tlsResumed);
    },
  });
  new Counter({
    ...withNote(SHARED_METRICS.upstreamConnectFailures, 'reason: the stable x-gatehouse-error code, such as upstream_tls_untrusted, upstream_tls_hostname_mismatch, upstream_connection_refused'),
    registers,
    collect() {
      this.reset();
      for (const [key, n] of src.connects.failures) {
        const [tls, reason] = key.split('|') as [string, string];
        this.inc({ tls, reason }, n);
      }
    },
  });

  let reloads = 0;
  let failures = 0;
  let lastDuration: number | null = null;
  let lastSuccess: number | null = null;
  src.events.on('enforced', (e: { revision: number; receivedAt: number; enforcedAt: number }) => {
    reloads++;
    lastDuration = (e.enforcedAt - e.receivedAt) / 1000;
    lastSuccess = Date.now() / 1000;
    const table = src.tables.current;
    if (table !== null) src.requests.retainFor(table);
  });
  src.events.on('rejected', () => failures++);
  new Gauge({
    ...SHARED_METRICS.configRevision,
    registers,
    collect() {
      this.reset();
      const r = src.tables.revision;
      if (r !== null) this.set(r);
    },
  });
  new Counter({
    ...SHARED_METRICS.configReloads,
    registers,
    collect() {
      this.reset();
      this.inc({ result: 'success' }, reloads);
      this.inc({ result: 'failure' }, failures);
    },
  });
  new Gauge({
    ...withNote(SHARED_METRICS.configLastReloadDuration, 'validate, compile, swap, listeners'),
    registers,
    collect() {
      this.reset();
      if (lastDuration !== null) this.set(lastDuration);
    },
  });
  new Gauge({
    ...SHARED_METRICS.configLastReloadSuccess,
    registers,
    collect() {
      this.reset();
      if (lastSuccess !== null) this.set(lastSuccess);
    },
  });

  new Gauge({
    ...SHARED_METRICS.openConnections,
    registers,
    async collect() {
      this.reset();
      const ports = src.listeners.states().filter((p) => p.state === 'serving');
      const counts = await Promise.all(
        ports.map(
          (p) =>
            new Promise<number>((resolve) => {
              const server = src.listeners.serverOf(p.port);
              if (server?.getConnections === undefined) return resolve(0);
              server.getConnections((err, n) => resolve(err ? 0 : n));
            }),
        ),
      );
      ports.forEach((p, i) => this.set({ port: String(p.port) }, counts[i] ?? 0));
    },
  });

  new Counter({
    name: 'gatehouse_mirror_requests_total',
    help: 'Mirrored request copies (RequestMirror): completed, failed, or not sent for lack of ready endpoints',
    labelNames: ['outcome'],
    registers,
    collect() {
      this.reset();
      this.inc({ outcome: 'completed' }, src.stats.mirrored);
      this.inc({ outcome: 'failed' }, src.stats.errors.get('mirror_failed') ?? 0);
      this.inc({ outcome: 'no_endpoints' }, src.stats.errors.get('mirror_no_endpoints') ?? 0);
    },
  });
  new Counter({
    ...SHARED_METRICS.retries,
    registers,
    collect() {
      this.reset();
      this.inc(src.stats.retries);
    },
  });
  new Counter({
    name: 'gatehouse_upstream_failovers_total',
    help: 'Idempotent requests without a body sent to another endpoint of their Service after a connection failure',
    registers,
    collect() {
      this.reset();
      this.inc(src.stats.failovers);
    },
  });
  new Counter({
    name: 'gatehouse_timeouts_total',
    help: 'Requests answered 504/502 because a timeout expired: request, backend_request (HTTPRoute timeouts), upstream_connect, upstream_headers',
    labelNames: ['kind'],
    registers,
    collect() {
      this.reset();
      for (const [code, kind] of Object.entries(TIMEOUT_CODES)) this.inc({ kind }, src.stats.errors.get(code) ?? 0);
    },
  });
  new Counter({
    name: 'gatehouse_proxy_errors_total',
    help: 'Responses the gateway answered itself with an x-gatehouse-error code (no_route, upstream_tls_untrusted, …), by code',
    labelNames: ['code'],
    registers,
    collect() {
      this.reset();
      for (const [code, n] of src.stats.errors) this.inc({ code }, n);
    },
  });

  return { registry, contentType: registry.contentType, render: () => registry.metrics() };
}
