import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RequestRecord } from '../metrics/request-metrics';
import type { ProxyStats } from './proxy-stats';
import type { ProxyResponse } from './request-handler';

/** Plain-text error with the code in `x-gatehouse-error`: a client always gets a reason, never an empty reply. */
export function sendError(res: ProxyResponse, stats: ProxyStats, status: number, code: string, reason: string, record: RequestRecord | null = null): void {
  stats.countError(code);
  if (record !== null) record.error = code;
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const body = `${reason}\n`;
  const length = Buffer.byteLength(body);
  if (record !== null) {
    record.bytes = length;
    record.headersSent();
  }
  writeHeadTo(res, status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': length, 'x-gatehouse-error': code });
  res.end(body);
}

/**
 * `res.writeHead` for either protocol. @types/node 24 declares the HTTP/1 and HTTP/2 overload sets so that their
 * union is not callable, though both take (status, headers) alike.
 */
export function writeHeadTo(res: ProxyResponse, status: number, headers: OutgoingHttpHeaders): void {
  (res as ServerResponse).writeHead(status, headers);
}
