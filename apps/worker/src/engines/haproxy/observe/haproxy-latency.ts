import type { SeriesLabels } from '../../../metrics/request-metrics';
import { LatencyHistogram } from '../../../metrics/latency-histogram';
import type { BackendLabels } from '../render/render-config';

/** One series of the latency histograms: the Node engine's RequestSeries shape (labels, headers, total). */
export interface LatencySeries {
  readonly labels: SeriesLabels;
  readonly headers: LatencyHistogram;
  readonly total: LatencyHistogram;
}

/** The timers of one HAProxy log record, in milliseconds; -1 = the phase was never reached (HAProxy's own convention). */
export interface RecordTimers {
  /** TR: the request headers received. */
  tR: number;
  /** Tw: waiting in a queue. */
  tw: number;
  /** Tc: the upstream connection made. */
  tc: number;
  /** Tr: the upstream's response headers. */
  tr: number;
  /** Ta: the whole exchange, first request byte to last response byte. */
  ta: number;
}

const NONE: SeriesLabels = { gateway: 'none', route: 'none', rule: 'none', backend: 'none' };

/**
 * Arrival → response headers as HAProxy times it: TR + Tw + Tc + Tr for a request that reached an upstream, and
 * nothing for an answer HAProxy made itself (its headers time is then its total: Ta). Null when the response
 * headers never went out (Tr = -1 after a connection was made: the upstream never answered and Ta covers the error).
 */
export function headersMs(t: RecordTimers): number | null {
  if (t.tR < 0) return null;
  if (t.tc < 0 && t.tr < 0) return t.ta >= 0 ? t.ta : null;
  if (t.tw < 0 || t.tc < 0 || t.tr < 0) return null;
  return t.tR + t.tw + t.tc + t.tr;
}

/**
 * The haproxy engine's latency histograms (gatehouse_http_response_headers_seconds and
 * gatehouse_http_request_duration_seconds, the Node engine's names and buckets), fed from HAProxy's per-request
 * log records: HAProxy keeps only averages, so the distribution is built here, one observation per record, before
 * the access log's sampling. Resolution is HAProxy's: whole milliseconds (a sub-millisecond answer counts as 0 s,
 * in the lowest bucket). Series are keyed by HAProxy backend and labelled as its rule (render-config.ts
 * BackendLabels); answers the frontends gave themselves are the series "none".
 */
export class HaproxyLatency {
  private readonly series = new Map<string, LatencySeries>();
  /** Per HAProxy backend name, the series of the labels it had when last seen (names are reused across reloads). */
  private readonly byBackend = new Map<string, { labels: BackendLabels | undefined; series: LatencySeries }>();

  constructor(private readonly labelsOf: (backend: string) => BackendLabels | undefined) {}

  observe(backend: string, t: RecordTimers): void {
    const l = this.labelsOf(backend);
    let s = this.byBackend.get(backend);
    if (s === undefined || s.labels !== l) {
      s = { labels: l, series: this.seriesFor(l) };
      this.byBackend.set(backend, s);
    }
    this.record(s.series, t);
  }

  private seriesFor(l: BackendLabels | undefined): LatencySeries {
    const key = l === undefined ? '' : `${l.gateway}|${l.route}|${l.rule}|${l.backend}`;
    let s = this.series.get(key);
    if (s === undefined) {
      const labels: SeriesLabels = l === undefined ? NONE : { gateway: l.gateway, route: l.route, rule: l.rule, backend: l.backend };
      s = { labels, headers: new LatencyHistogram(), total: new LatencyHistogram() };
      this.series.set(key, s);
    }
    return s;
  }

  private record(s: LatencySeries, t: RecordTimers): void {
    const h = headersMs(t);
    if (h !== null) s.headers.observe(h / 1000);
    if (t.ta >= 0) s.total.observe(t.ta / 1000);
  }

  all(): Iterable<LatencySeries> {
    return this.series.values();
  }
}
