import { X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext, type SecureContextOptions } from 'node:tls';
import type { Logger } from 'pino';
import type { ListenerTls, RoutingTable, ServingCertificate } from '@gatehouse/compiler/routing-table/routing-table';

/**
 * TLS 1.2 and 1.3 only, forward-secret AEAD suites only (no CBC, no RSA key exchange, no SHA-1 MACs): the
 * "intermediate" compatibility profile commonly recommended for public servers. Node moves TLS 1.3 suites (the
 * `TLS_` names) to their own list; naming none there would switch TLS 1.3 off, so they are listed too.
 */
export const FRONTEND_TLS_DEFAULTS = {
  minVersion: 'TLSv1.2',
  ciphers: [
    'TLS_AES_128_GCM_SHA256',
    'TLS_AES_256_GCM_SHA384',
    'TLS_CHACHA20_POLY1305_SHA256',
    'ECDHE-ECDSA-AES128-GCM-SHA256',
    'ECDHE-RSA-AES128-GCM-SHA256',
    'ECDHE-ECDSA-AES256-GCM-SHA384',
    'ECDHE-RSA-AES256-GCM-SHA384',
    'ECDHE-ECDSA-CHACHA20-POLY1305',
    'ECDHE-RSA-CHACHA20-POLY1305',
  ].join(':'),
  honorCipherOrder: true,
} as const satisfies SecureContextOptions;

function contextKey(cert: ServingCertificate, caPem: string | null): string {
  return `${cert.certPem}\0${cert.keyPem}\0${caPem ?? ''}`;
}

/** The options of a secure context for one certificate (and the client CAs, when clients are validated). */
export function secureContextOptions(cert: ServingCertificate, tls: ListenerTls): SecureContextOptions {
  const ca = tls.frontendValidation?.caPem;
  return { ...FRONTEND_TLS_DEFAULTS, cert: cert.certPem, key: cert.keyPem, ...(ca === undefined ? {} : { ca }) };
}

/**
 * Secure contexts for the certificates of the current routing table, built on first use and kept while a table
 * still names the same PEMs. Keyed by content, so a renewed Secret (new PEM) gets a new context at the next
 * handshake and nothing else: no listener is re-opened. A pair that does not load (the compiler only checks PEM
 * structure) is logged once and skipped; another certificate of the listener, if any, serves instead.
 */
export class ServerCertificates {
  private readonly contexts = new Map<string, SecureContext | null>();
  private readonly parsed = new Map<string, X509Certificate | null>();

  constructor(private readonly logger: Logger) {}

  private certificate(pem: string): X509Certificate | null {
    let x = this.parsed.get(pem);
    if (x === undefined) {
      try {
        x = new X509Certificate(pem);
      } catch {
        x = null;
      }
      this.parsed.set(pem, x);
    }
    return x;
  }

  private context(cert: ServingCertificate, tls: ListenerTls): SecureContext | null {
    const key = contextKey(cert, tls.frontendValidation?.caPem ?? null);
    let ctx = this.contexts.get(key);
    if (ctx === undefined) {
      try {
        ctx = createSecureContext(secureContextOptions(cert, tls));
      } catch (err) {
        ctx = null;
        this.logger.error({ secret: `${cert.secret.namespace}/${cert.secret.name}`, err: err instanceof Error ? err.message : String(err) }, 'cannot load a listener certificate; skipping it');
      }
      this.contexts.set(key, ctx);
    }
    return ctx;
  }

  /**
   * The certificates to try for `servername`, best first: those whose SAN (or CN, without DNS SANs) covers the
   * name, then the rest in certificateRefs order (a listener's certificate is still the answer when none names
   * the host: the client decides whether it trusts it).
   */
  ranked(tls: ListenerTls, servername: string): ServingCertificate[] {
    if (servername === '' || tls.certificates.length < 2) return [...tls.certificates];
    const matching: ServingCertificate[] = [];
    const rest: ServingCertificate[] = [];
    for (const c of tls.certificates) (this.certificate(c.certPem)?.checkHost(servername) !== undefined ? matching : rest).push(c);
    return [...matching, ...rest];
  }

  /** The secure context serving `servername` on a listener; null when none of its certificates loads. */
  contextFor(tls: ListenerTls, servername: string): SecureContext | null {
    for (const c of this.ranked(tls, servername)) {
      const ctx = this.context(c, tls);
      if (ctx !== null) return ctx;
    }
    return null;
  }

  /** Drops contexts the table no longer names (old certificates after a rotation). */
  retainFor(table: RoutingTable): void {
    const keys = new Set<string>();
    const pems = new Set<string>();
    for (const port of Object.values(table.ports)) {
      for (const l of listenersOf(port)) {
        if (l.tls === null) continue;
        for (const c of l.tls.certificates) {
          keys.add(contextKey(c, l.tls.frontendValidation?.caPem ?? null));
          pems.add(c.certPem);
        }
      }
    }
    for (const k of this.contexts.keys()) if (!keys.has(k)) this.contexts.delete(k);
    for (const k of this.parsed.keys()) if (!pems.has(k)) this.parsed.delete(k);
  }
}

/** Every listener of a port table. */
export function listenersOf(port: RoutingTable['ports'][string]): Array<NonNullable<RoutingTable['ports'][string]['anyHost']>> {
  return [...Object.values(port.exactHosts), ...port.wildcardHosts, ...(port.anyHost === null ? [] : [port.anyHost])];
}
