import { X509Certificate } from 'node:crypto';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import type { UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';

/**
 * Splits a subjectAltName string as Node renders it (`DNS:a.example.com, URI:spiffe://x/y`). Since the fix for
 * CVE-2021-44532, a value holding a comma, quote or other special character is a JSON string (`URI:"a,b"`), so a
 * crafted SAN cannot smuggle a second entry in.
 */
export function parseSubjectAltNames(text: string | undefined): Array<{ type: string; value: string }> {
  const out: Array<{ type: string; value: string }> = [];
  if (text === undefined || text === '') return out;
  let i = 0;
  while (i < text.length) {
    const colon = text.indexOf(':', i);
    if (colon < 0) break;
    const type = text.slice(i, colon);
    let value: string;
    let next: number;
    if (text[colon + 1] === '"') {
      // A JSON string: find its closing quote (skipping escaped characters).
      let j = colon + 2;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      try {
        value = JSON.parse(text.slice(colon + 1, j + 1)) as string;
      } catch {
        value = '';
      }
      next = text.indexOf(', ', j);
    } else {
      next = text.indexOf(', ', colon);
      value = text.slice(colon + 1, next < 0 ? text.length : next);
    }
    out.push({ type, value });
    if (next < 0) break;
    i = next + 2;
  }
  return out;
}

/** `*.example.com` covers `*.example.com` and `abc.example.com`, not `example.com` or `a.b.example.com`. */
function wildcardCovers(pattern: string, name: string): boolean {
  if (name === pattern) return true;
  const suffix = pattern.slice(1);
  return name.endsWith(suffix) && name.length > suffix.length && !name.slice(0, -suffix.length).includes('.') && !name.startsWith('*');
}

function mismatch(message: string): Error {
  const err = new Error(message) as NodeJS.ErrnoException;
  err.code = 'ERR_TLS_CERT_ALTNAME_INVALID';
  return err;
}

/** What the certificate must carry, for messages: `abc.example.com`, or `one of Hostname:a, URI:spiffe://b`. */
export function expectedIdentity(tls: UpstreamTls): string {
  if (tls.subjectAltNames.length === 0) return tls.sni ?? 'the expected name';
  return `one of the subjectAltNames ${tls.subjectAltNames.map((s) => `${s.type}:${s.value}`).join(', ')}`;
}

/**
 * The identity check for one upstream:
 * - UpstreamTLSPolicy: none. FSM's pipy data plane verifies only the chain (no verify callback); the seed's
 *   certificate has CN=foo.example.com, no SAN, and the gateway dials the pod IP (gateway-api-facts.md §a).
 * - BackendTLSPolicy without subjectAltNames: `hostname` "MUST match the certificate" (Node's RFC 6125 check).
 * - BackendTLSPolicy with subjectAltNames: the certificate "MUST have at least one Subject Alternate Name matching
 *   one of the specified SubjectAltNames", and the hostname "MUST NOT be used for authentication" (v1.6.1
 *   backendtlspolicy_types.go). So only SAN entries count, never the subject CN: a Hostname is checked by OpenSSL's
 *   X509_check_host (`checkHost`, subject 'never', wildcards only as a whole left-most label), a URI compares the
 *   URI entries exactly.
 */
export function identityCheckFor(tls: UpstreamTls): (host: string, cert: PeerCertificate) => Error | undefined {
  if (!tls.verifyHostname) return () => undefined;
  if (tls.subjectAltNames.length === 0) {
    const name = tls.sni ?? '';
    return (_host, cert) => checkServerIdentity(name, cert);
  }
  const hostnames = tls.subjectAltNames.filter((s) => s.type === 'Hostname').map((s) => s.value);
  const uris = tls.subjectAltNames.filter((s) => s.type === 'URI').map((s) => s.value);
  return (_host, cert) => {
    if (uris.length > 0 && parseSubjectAltNames(cert.subjectaltname).some((e) => e.type === 'URI' && uris.includes(e.value))) return undefined;
    if (hostnames.length > 0 && cert.raw !== undefined) {
      const x509 = new X509Certificate(cert.raw);
      if (hostnames.some((h) => !h.startsWith('*.') && x509.checkHost(h, { subject: 'never', partialWildcards: false }) !== undefined)) return undefined;
      // A wildcard SAN in the policy (a Gateway API Hostname may be `*.example.com`) is not a name to look up: it
      // matches the same wildcard entry in the certificate, or a name one label below its suffix.
      const dnsNames = parseSubjectAltNames(cert.subjectaltname).filter((e) => e.type === 'DNS').map((e) => e.value.toLowerCase());
      if (hostnames.some((h) => h.startsWith('*.') && dnsNames.some((d) => wildcardCovers(h.toLowerCase(), d)))) return undefined;
    }
    return mismatch(`certificate subjectAltName "${cert.subjectaltname ?? ''}" matches none of ${tls.subjectAltNames.map((s) => `${s.type}:${s.value}`).join(', ')}`);
  };
}
