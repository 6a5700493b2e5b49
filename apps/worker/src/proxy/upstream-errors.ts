import type { Endpoint, UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import { expectedIdentity } from './certificate-identity';
import { CONNECT_TIMEOUT_MS, HEADERS_TIMEOUT_MS } from './upstream-pools';

/** A failed upstream exchange as the client sees it: a status, a stable code and a one-line reason. */
export interface UpstreamFailure {
  status: number;
  code: string;
  reason: string;
}

/** OpenSSL verify results meaning "the chain does not lead to a trusted CA". */
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
]);

const NOT_HTTP =
  'upstream closed the connection or answered with something other than HTTP (does it expect TLS? attach an UpstreamTLSPolicy or BackendTLSPolicy)';

function describePolicy(tls: UpstreamTls): string {
  return `${tls.policy.kind} ${tls.policy.namespace}/${tls.policy.name}`;
}

/**
 * Maps an upstream error to what the client gets: 502 with a short plain-text reason (never an empty reply).
 * The reasons name the policy and CA so an operator can act on them; `tlsProblem` is why a policy that names
 * this port does not apply (e.g. its CA Secret is missing).
 */
export function classifyUpstreamError(err: unknown, tls: UpstreamTls | null, endpoint: Endpoint, tlsProblem: string | null = null): UpstreamFailure {
  const e = err as (Error & { code?: string }) | undefined;
  const code = e?.code ?? '';
  const name = e?.name ?? '';
  // Node 24 appends advice for its own command line ("…; if the root CA is installed locally, try running Node.js
  // with --use-system-ca"): it says nothing to an operator reading a 502, whose CA comes from a policy.
  const message = (e?.message ?? String(err)).replace(/; if the root CA is installed locally, try running Node\.js with --use-system-ca$/, '');
  const target = `${endpoint.address}:${endpoint.port}`;
  if (code === 'ECONNREFUSED') return { status: 502, code: 'upstream_connection_refused', reason: `upstream ${target} refused the connection` };
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return { status: 502, code: 'upstream_connect_timeout', reason: `connecting to upstream ${target} timed out after ${CONNECT_TIMEOUT_MS / 1000} s` };
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return { status: 502, code: 'upstream_headers_timeout', reason: `upstream ${target} sent no response headers within ${HEADERS_TIMEOUT_MS / 1000} s` };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { status: 502, code: 'upstream_dns_failure', reason: `cannot resolve upstream host ${endpoint.address}` };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { status: 502, code: 'upstream_unreachable', reason: `upstream ${target} is unreachable` };
  if (tls !== null) {
    if (UNTRUSTED.has(code)) {
      // caPem null: BackendTLSPolicy wellKnownCACertificates: System (a private CA's certificate fails here).
      const by = tls.caPem === null ? `the system CA roots (${describePolicy(tls)} wellKnownCACertificates: System)` : `the CA in ${tls.caSource}`;
      return { status: 502, code: 'upstream_tls_untrusted', reason: `upstream certificate is not trusted by ${by}: ${message}` };
    }
    if (code === 'CERT_HAS_EXPIRED') return { status: 502, code: 'upstream_tls_expired', reason: `upstream certificate has expired (${describePolicy(tls)}, CA ${tls.caSource})` };
    if (code === 'CERT_NOT_YET_VALID') return { status: 502, code: 'upstream_tls_not_yet_valid', reason: `upstream certificate is not yet valid (${describePolicy(tls)})` };
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
      return { status: 502, code: 'upstream_tls_hostname_mismatch', reason: `upstream certificate does not match ${expectedIdentity(tls)} required by ${describePolicy(tls)}: ${message}` };
    }
    if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long|http request/i.test(message)) {
      return { status: 502, code: 'upstream_tls_handshake_failed', reason: `TLS handshake with upstream ${target} failed: it does not speak TLS (plain HTTP?), but ${describePolicy(tls)} requires TLS` };
    }
    if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO') {
      return { status: 502, code: 'upstream_tls_handshake_failed', reason: `TLS handshake with upstream ${target} failed: ${message}` };
    }
    if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE') {
      // A TLS 1.3 server that requires a client certificate rejects it after the handshake: the client sees only a
      // closed socket ("other side closed"), so say what may be missing.
      const hint = tls.clientCertPem === null
        ? ` (no client certificate was presented: if it requires one, set the Gateway's spec.tls.backend.clientCertificateRef${tls.policy.kind === 'UpstreamTLSPolicy' ? ' or the policy\'s mTLS: true' : ''})`
        : '';
      return { status: 502, code: 'upstream_connection_reset', reason: `upstream ${target} closed the connection${hint}` };
    }
  } else if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE' || name === 'HTTPParserError' || code.startsWith('HPE_')) {
    // A policy names this port but does not apply: say why, not "attach a policy" (one is attached).
    if (tlsProblem !== null) return { status: 502, code: 'upstream_tls_policy_not_accepted', reason: `upstream closed the connection or answered with something other than HTTP, and no TLS is used: ${tlsProblem}` };
    return { status: 502, code: 'upstream_not_http', reason: NOT_HTTP };
  }
  return { status: 502, code: 'upstream_error', reason: `upstream ${target} failed: ${code === '' ? message : `${code}: ${message}`}` };
}
