import type { BackendClientCertificate, UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';

const merged = new WeakMap<UpstreamTls, WeakMap<BackendClientCertificate, UpstreamTls>>();

/**
 * The TLS settings to use for one backend reached through one listener: the backend's own, plus the Gateway's
 * spec.tls.backend client certificate (GEP-3155) when the backend's TLS has no client certificate of its own
 * (an UpstreamTLSPolicy with mTLS: true keeps its Secret's). Plain-HTTP backends stay plain: the Gateway setting
 * "does _not_ imply behavior about how to choose which backend should get a TLS connection".
 * Memoised per (settings, certificate) object of the current table, so pools and secure contexts keyed by the
 * object's identity stay stable across requests.
 */
export function withGatewayClientCertificate(tls: UpstreamTls | null, certificate: BackendClientCertificate | null): UpstreamTls | null {
  if (tls === null || certificate === null || tls.clientCertPem !== null) return tls;
  let byCert = merged.get(tls);
  if (byCert === undefined) {
    byCert = new WeakMap();
    merged.set(tls, byCert);
  }
  let out = byCert.get(certificate);
  if (out === undefined) {
    out = Object.freeze({ ...tls, clientCertPem: certificate.certPem, clientKeyPem: certificate.keyPem });
    byCert.set(certificate, out);
  }
  return out;
}
