import { type DestinationStream, type Logger, pino } from 'pino';
import type { AccessLogSettings } from '../../../metrics/access-log';
import type { BackendLabels } from '../render/render-config';
import type { RecordTimers } from './haproxy-latency';

/**
 * HAProxy's log line per request, as the renderer formats it (ACCESS_LOG_FORMAT: a JSON object HAProxy fills in),
 * shipped as the worker's JSON access log with the Node engine's fields (metrics/access-log.ts): client, method,
 * host, path, protocol, status, bytes, durationMs, gateway, route (`ns/name#rule`), backend, upstream, error.
 * Differences: `bytes` counts the response as HAProxy sent it (headers included), `durationMs` is whole
 * milliseconds. Sampling (GATEHOUSE_WORKER_ACCESS_LOG_SAMPLE) is applied here, per line — after every record's
 * timers went to `observe` (the latency histograms of /metrics, observe/haproxy-latency.ts).
 */
export class AccessLogShipper {
  private constructor(
    private readonly log: Logger,
    private readonly sample: number,
    private readonly labels: (backend: string) => BackendLabels | undefined,
    private readonly observe: ((backend: string, timers: RecordTimers) => void) | undefined,
  ) {}

  static create(
    settings: AccessLogSettings,
    labels: (backend: string) => BackendLabels | undefined,
    destination?: DestinationStream,
    observe?: (backend: string, timers: RecordTimers) => void,
  ): AccessLogShipper | null {
    if (settings.mode === 'off' || settings.sample <= 0) return null;
    const log = pino(
      { base: null, messageKey: 'msg', timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: () => ({ type: 'access' }) } },
      destination ?? pino.destination({ dest: 1, sync: false }),
    );
    return new AccessLogShipper(log, Math.min(1, settings.sample), labels, observe);
  }

  /** One line of HAProxy's stdout; lines that are not access-log records are ignored. */
  line(text: string): void {
    if (!text.startsWith('{"gh":1')) return;
    if (this.observe === undefined && this.sample < 1 && Math.random() >= this.sample) return;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    // The relay of a request an older process handed to the newest one: the newest process logs (and times) it.
    if (typeof r.backend === 'string' && r.backend.startsWith('gh_handoff_')) return;
    if (this.observe !== undefined) {
      const t = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : -1);
      this.observe(String(r.backend ?? ''), { tR: t(r.tR), tw: t(r.tw), tc: t(r.tc), tr: t(r.tr), ta: t(r.durationMs) });
      if (this.sample < 1 && Math.random() >= this.sample) return;
    }
    const dash = (v: unknown): string | null => (typeof v !== 'string' || v === '' || v === '-' ? null : v);
    const l = this.labels(String(r.backend ?? ''));
    const upstream = dash(r.upstream);
    this.log.info({
      client: dash(r.client),
      method: dash(r.method),
      host: dash(r.host),
      path: dash(r.path),
      protocol: dash(r.protocol),
      status: Number(r.status),
      bytes: Number(r.bytes),
      durationMs: Number(r.durationMs),
      gateway: l?.gateway ?? null,
      route: l === undefined ? null : `${l.route}#${l.rule}`,
      backend: l?.backend ?? null,
      upstream: upstream === null || upstream.startsWith('-') || upstream.startsWith('<') ? null : upstream,
      error: dash(r.error),
    });
  }
}
