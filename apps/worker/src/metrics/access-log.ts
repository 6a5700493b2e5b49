import { type DestinationStream, pino } from 'pino';
import type { RequestRecord, RequestSink } from './request-metrics';

export interface AccessLogSettings {
  /** off: no access log; json: one JSON line per (sampled) request. */
  mode: 'off' | 'json';
  /** Share of requests logged, 0..1 (1 = every request, 0 = none). */
  sample: number;
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The access log: one JSON line per request, written by its own pino instance (stdout by default, asynchronous), with
 * time, client address, method, host, path without its query, status, response body bytes, duration, route, backend,
 * the upstream endpoint and the gateway's error code. Never header values (other than Host) or bodies. The sampling
 * decision is taken when the request finishes, so an unsampled request costs one random number.
 */
export function createAccessLog(settings: AccessLogSettings, destination?: DestinationStream): RequestSink | null {
  if (settings.mode === 'off' || settings.sample <= 0) return null;
  const sample = Math.min(1, settings.sample);
  const log = pino(
    { base: null, messageKey: 'msg', timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: () => ({ type: 'access' }) } },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
  return (rec: RequestRecord, status: number, durationMs: number): void => {
    if (sample < 1 && Math.random() >= sample) return;
    const req = rec.req;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const s = rec.series.labels;
    log.info({
      client: req.socket?.remoteAddress ?? null,
      method: req.method ?? null,
      host: single(req.headers.host) ?? single(req.headers[':authority']) ?? null,
      path: q === -1 ? url : url.slice(0, q),
      protocol: `HTTP/${req.httpVersion}`,
      status,
      bytes: rec.bytes,
      durationMs: Math.round(durationMs * 1000) / 1000,
      gateway: s.gateway === 'none' ? null : s.gateway,
      route: s.route === 'none' ? null : `${s.route}#${s.rule}`,
      backend: s.backend === 'none' ? null : s.backend,
      upstream: rec.endpoint === null ? null : `${rec.endpoint.address}:${rec.endpoint.port}`,
      error: rec.error,
    });
  };
}
