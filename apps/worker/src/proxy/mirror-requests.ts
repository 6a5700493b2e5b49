import { PassThrough, type Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { BackendClientCertificate, MirrorTarget } from '@gatehouse/compiler/routing-table/routing-table';
import { withGatewayClientCertificate } from './gateway-client-certificate';
import type { BackendPicker } from './backend-picker';
import type { ProxyStats } from './proxy-stats';
import type { UpstreamPools } from './upstream-pools';

/** A mirror may lag the real request by this much body before it is given up (it must never slow the real one). */
const MIRROR_BUFFER_LIMIT = 1 << 20;

/** Reads a mirrored response to its end and drops it; failures are counted, never reported to the client. */
class DiscardHandler implements Dispatcher.DispatchHandler {
  constructor(private readonly stats: ProxyStats) {}
  onConnect(): void {}
  onHeaders(): boolean {
    return true;
  }
  onData(): boolean {
    return true;
  }
  onComplete(): void {
    this.stats.mirrored++;
  }
  onError(): void {
    this.stats.countError('mirror_failed');
  }
}

export interface MirrorRequest {
  method: string;
  target: string;
  headers: string[];
  /** The client's request, when it has a body: mirrors get a copy of it. */
  body: Readable | null;
  /** The Gateway's backend client certificate (GEP-3155), for mirrors reached over TLS. */
  clientCertificate: BackendClientCertificate | null;
}

/**
 * Sends copies of a request to the RequestMirror backends that sample it (numerator/denominator of requests). The
 * copies' responses are discarded. A request body is copied chunk by chunk as the real request reads it; a mirror
 * that falls more than 1 MiB behind is dropped, so a slow mirror never holds the real request back.
 * Returns the body the real request must read instead of `req.body` when copies take it: the copies and the real
 * request are fed from one reader of the client's body (a second 'data' reader would start the body flowing before
 * the real request's reader is attached, and the chunks read meanwhile would be lost to it — seen with a 200 kB body).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestmirrorfilter
 */
export function sendMirrors(mirrors: readonly MirrorTarget[], req: MirrorRequest, pools: UpstreamPools, picker: BackendPicker, stats: ProxyStats): Readable | null {
  const copies: PassThrough[] = [];
  for (const m of mirrors) {
    if (m.numerator < m.denominator && Math.random() * m.denominator >= m.numerator) continue;
    const endpoint = picker.pickEndpoint(m.backend);
    if (endpoint === undefined) {
      stats.countError('mirror_no_endpoints');
      continue;
    }
    let upstream;
    try {
      upstream = pools.get(endpoint, withGatewayClientCertificate(m.backend.tls, req.clientCertificate), m.backend.protocol);
    } catch {
      stats.countError('mirror_failed');
      continue;
    }
    let body: PassThrough | null = null;
    if (req.body !== null) {
      body = new PassThrough();
      copies.push(body);
    }
    const opts: Dispatcher.DispatchOptions & { servername: string } = {
      origin: upstream.origin,
      path: req.target,
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body,
      servername: upstream.servername,
    };
    upstream.pool.dispatch(opts, new DiscardHandler(stats));
  }
  if (copies.length === 0 || req.body === null) return null;
  const source = req.body;
  // The real request's copy follows the client's pace (backpressure); mirrors never hold it back.
  const main = new PassThrough();
  source.on('data', (chunk: Buffer) => {
    for (const c of copies) {
      if (c.destroyed) continue;
      if (c.writableLength > MIRROR_BUFFER_LIMIT) c.destroy(new Error('mirror fell behind the request'));
      else c.write(chunk);
    }
    if (!main.write(chunk)) {
      source.pause();
      main.once('drain', () => source.resume());
    }
  });
  source.once('end', () => {
    copies.forEach((c) => c.destroyed || c.end());
    main.end();
  });
  source.once('error', (err) => {
    copies.forEach((c) => c.destroy(err));
    main.destroy(err);
  });
  return main;
}
