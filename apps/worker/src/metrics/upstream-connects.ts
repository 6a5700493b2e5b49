import type { Endpoint, UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import { classifyUpstreamError } from '../proxy/upstream-errors';

/**
 * Told of every upstream connection attempt when it has connected (TLS: handshake done and verified; `resumed`: an
 * abbreviated handshake that resumed a cached session) or failed.
 */
export type ConnectObserver = (tls: UpstreamTls | null, endpoint: Endpoint, err: Error | null, resumed: boolean) => void;

/**
 * Upstream connections opened and failed, by TLS or not; failures by the stable code the client would see
 * (`upstream-errors.ts`: upstream_tls_untrusted, upstream_tls_hostname_mismatch, upstream_connection_refused, …).
 * Per connection, not per request: pooled connections keep this flat under load.
 */
export class UpstreamConnects {
  plainOpened = 0;
  /** Completed TLS handshakes, full and resumed. */
  tlsHandshakes = 0;
  /** Of those, the ones that resumed a session (upstream-sessions.ts). */
  tlsResumed = 0;
  /** `${tls}|${code}` → count. */
  readonly failures = new Map<string, number>();

  readonly observe: ConnectObserver = (tls, endpoint, err, resumed) => {
    if (err === null) {
      if (tls === null) this.plainOpened++;
      else {
        this.tlsHandshakes++;
        if (resumed) this.tlsResumed++;
      }
      return;
    }
    const code = classifyUpstreamError(err, tls, endpoint).code;
    const key = `${tls === null ? 'false' : 'true'}|${code}`;
    this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
  };
}
