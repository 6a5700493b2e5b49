import type { BackendTarget, Endpoint, ListenerTable, RoutingTable, RuleTarget } from '@gatehouse/compiler/routing-table/routing-table';
import type { ProxyRequest, ProxyResponse } from '../proxy/request-handler';
import { LatencyHistogram } from './latency-histogram';

/** The labels of one request series; "none" where the request had no such thing (no listener, no route, no backend). */
export interface SeriesLabels {
  /** `ns/name` of the Gateway whose listener took the request. */
  readonly gateway: string;
  /** `ns/name` of the HTTPRoute. */
  readonly route: string;
  /** The rule's index in the route. */
  readonly rule: string;
  /** `ns/name:port` of the Service; "invalid" for a backendRef that did not resolve. */
  readonly backend: string;
}

/** Status classes: index 0 = the client left before a response started ("none"), 1..5 = 1xx..5xx. */
export const STATUS_CLASSES = ['none', '1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** Counters of one (gateway, route, rule, backend): plain numbers, labels built once when the series is made. */
export class RequestSeries {
  readonly byClass = new Float64Array(STATUS_CLASSES.length);
  /** Arrival → response headers written. */
  readonly headers = new LatencyHistogram();
  /** Arrival → response finished (or the client gone). */
  readonly total = new LatencyHistogram();
  constructor(readonly labels: SeriesLabels) {}
}

/** What one request did, filled in along the request path and read once when its response closes. */
export class RequestRecord {
  readonly start = performance.now();
  headersAt = 0;
  /** Response body bytes written to the client. */
  bytes = 0;
  series: RequestSeries;
  endpoint: Endpoint | null = null;
  /** The x-gatehouse-error code of a response the gateway answered itself. */
  error: string | null = null;

  constructor(
    readonly req: ProxyRequest,
    readonly res: ProxyResponse,
    readonly metrics: RequestMetrics,
  ) {
    this.series = metrics.unmatched;
  }

  /** The request matched (or half-matched: a listener without a rule). Cheap: up to three map reads. */
  route(listener: ListenerTable | null | undefined, rule: RuleTarget | null | undefined, backend: BackendTarget | null | undefined): void {
    this.series = this.metrics.seriesFor(listener ?? null, rule ?? null, backend ?? null);
  }

  /** Response headers are going out now. */
  headersSent(): void {
    if (this.headersAt === 0) this.headersAt = performance.now();
  }
}

/** Called for every finished request (the access log). */
export type RequestSink = (record: RequestRecord, status: number, durationMs: number) => void;

const RECORD = Symbol('gatehouse.requestRecord');
type WithRecord = ProxyResponse & { [RECORD]?: RequestRecord };

function onResponseClose(this: WithRecord): void {
  const rec = this[RECORD];
  if (rec !== undefined) rec.metrics.complete(rec);
}

/** One finished request into a series; `headers` < 0: no headers were sent. */
function add(s: RequestSeries, cls: number, headers: number, total: number): void {
  s.byClass[cls] = (s.byClass[cls] as number) + 1;
  if (headers >= 0) s.headers.observe(headers);
  s.total.observe(total);
}

type ByBackend = Map<BackendTarget | null, RequestSeries>;
const NONE = 'none';

function gatewayName(l: ListenerTable | null): string {
  return l === null ? NONE : `${l.gateway.namespace}/${l.gateway.name}`;
}

function backendName(b: BackendTarget | null): string {
  if (b === null) return NONE;
  return b.kind === 'service' ? `${b.service.namespace}/${b.service.name}:${b.port}` : 'invalid';
}

/**
 * Request counters and latency histograms by gateway, route, rule, backend (and status class). The hot path does no
 * label or string work: a request holds a `RequestRecord`, the series is found by object identity
 * (listener → rule → backend, the routing table's own objects), and the close of the response adds to plain numbers.
 * Series are made when a table is enforced (`retainFor`) and, for anything missed, on first use; series of routes a
 * new table no longer has are dropped then, so the label set stays bounded by the configuration.
 */
export class RequestMetrics {
  /** Label key → series: the one place series live (what /metrics prints). */
  private readonly series = new Map<string, RequestSeries>();
  private byListener = new WeakMap<ListenerTable, WeakMap<RuleTarget, ByBackend>>();
  private unmatchedByListener = new WeakMap<ListenerTable, RequestSeries>();
  /** Requests that took no listener (no table yet, unknown port/host, a malformed target). */
  readonly unmatched: RequestSeries;
  /** Every request, for the worker's own figures (status reports): requests/s, error rate, p50/p99. */
  readonly overall = new RequestSeries({ gateway: NONE, route: NONE, rule: NONE, backend: NONE });
  private sink: RequestSink | null = null;

  constructor() {
    this.unmatched = this.make({ gateway: NONE, route: NONE, rule: NONE, backend: NONE });
  }

  /** Where finished requests go besides the counters (the access log); null = nowhere. */
  setSink(sink: RequestSink | null): void {
    this.sink = sink;
  }

  /** At a request's arrival. */
  begin(req: ProxyRequest, res: ProxyResponse): RequestRecord {
    const rec = new RequestRecord(req, res, this);
    (res as WithRecord)[RECORD] = rec;
    res.on('close', onResponseClose);
    return rec;
  }

  private make(labels: SeriesLabels): RequestSeries {
    const key = `${labels.gateway}\u0000${labels.route}\u0000${labels.rule}\u0000${labels.backend}`;
    let s = this.series.get(key);
    if (s === undefined) {
      s = new RequestSeries(labels);
      this.series.set(key, s);
    }
    return s;
  }

  private create(listener: ListenerTable | null, rule: RuleTarget | null, backend: BackendTarget | null): RequestSeries {
    return this.make({
      gateway: gatewayName(listener),
      route: rule === null ? NONE : `${rule.route.namespace}/${rule.route.name}`,
      rule: rule === null ? NONE : String(rule.ruleIndex),
      backend: backendName(backend),
    });
  }

  seriesFor(listener: ListenerTable | null, rule: RuleTarget | null, backend: BackendTarget | null): RequestSeries {
    if (listener === null) return rule === null ? this.unmatched : this.create(null, rule, backend);
    if (rule === null) {
      let s = this.unmatchedByListener.get(listener);
      if (s === undefined) {
        s = this.create(listener, null, null);
        this.unmatchedByListener.set(listener, s);
      }
      return s;
    }
    let byRule = this.byListener.get(listener);
    if (byRule === undefined) {
      byRule = new WeakMap();
      this.byListener.set(listener, byRule);
    }
    let byBackend = byRule.get(rule);
    if (byBackend === undefined) {
      byBackend = new Map();
      byRule.set(rule, byBackend);
    }
    let s = byBackend.get(backend);
    if (s === undefined) {
      s = this.create(listener, rule, backend);
      byBackend.set(backend, s);
    }
    return s;
  }

  /**
   * After a table is enforced: makes the series of every listener × rule × backend (and "no route" per listener), so
   * requests find them with map reads only, and drops the series the table no longer has.
   */
  retainFor(table: RoutingTable): void {
    this.byListener = new WeakMap();
    this.unmatchedByListener = new WeakMap();
    const live = new Set<RequestSeries>([this.unmatched]);
    for (const port of Object.values(table.ports)) {
      const listeners = [...Object.values(port.exactHosts), ...port.wildcardHosts, ...(port.anyHost === null ? [] : [port.anyHost])];
      for (const l of listeners) {
        live.add(this.seriesFor(l, null, null));
        const lists = [...Object.values(l.exactHosts), ...l.wildcardHosts.map((w) => w.entries), l.anyHost];
        for (const entries of lists) {
          for (const e of entries) {
            live.add(this.seriesFor(l, e.rule, null));
            for (const b of e.rule.backends) live.add(this.seriesFor(l, e.rule, b));
          }
        }
      }
    }
    for (const [key, s] of this.series) if (!live.has(s)) this.series.delete(key);
  }

  /** The response closed (finished, or the connection went away). */
  complete(rec: RequestRecord): void {
    const res = rec.res;
    (res as WithRecord)[RECORD] = undefined;
    const end = performance.now();
    const started = res.headersSent;
    const status = started ? res.statusCode : 0;
    const cls = started ? Math.min(5, Math.max(1, Math.floor(status / 100))) : 0;
    const total = (end - rec.start) / 1000;
    const headers = ((rec.headersAt === 0 ? end : rec.headersAt) - rec.start) / 1000;
    add(rec.series, cls, started ? headers : -1, total);
    add(this.overall, cls, started ? headers : -1, total);
    if (this.sink !== null) this.sink(rec, status, end - rec.start);
  }

  /** Every live series (scrape time). */
  all(): IterableIterator<RequestSeries> {
    return this.series.values();
  }
}
