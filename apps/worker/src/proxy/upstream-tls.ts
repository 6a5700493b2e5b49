import { createHash } from 'node:crypto';
import { createSecureContext, type PeerCertificate, type SecureContext } from 'node:tls';
import type { UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import { identityCheckFor } from './certificate-identity';

/** The TLS part of undici's `connect` options for one upstream. */
export interface TlsConnectOptions {
  secureContext: SecureContext;
  servername?: string;
  rejectUnauthorized: true;
  checkServerIdentity: (host: string, cert: PeerCertificate) => Error | undefined;
  ALPNProtocols: string[];
}

/** A stable identity of TLS settings, used to key connection pools and secure contexts. */
export function tlsSettingsKey(tls: UpstreamTls): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([tls.caPem, tls.sni, tls.verifyHostname, tls.subjectAltNames, tls.clientCertPem, tls.clientKeyPem]));
  return h.digest('hex').slice(0, 24);
}

/**
 * Builds (and caches) one SecureContext per distinct CA / client certificate: passing `ca` per connection
 * makes Node build a new OpenSSL context each time (proxy-performance.md: +35 % without keep-alive).
 */
export class SecureContextCache {
  private readonly contexts = new Map<string, SecureContext>();

  connectOptions(tls: UpstreamTls, key: string): TlsConnectOptions {
    let ctx = this.contexts.get(key);
    if (ctx === undefined) {
      // caPem null = the runtime's default roots (BackendTLSPolicy wellKnownCACertificates: System).
      ctx = createSecureContext({
        ...(tls.caPem === null ? {} : { ca: tls.caPem }),
        ...(tls.clientCertPem !== null && tls.clientKeyPem !== null ? { cert: tls.clientCertPem, key: tls.clientKeyPem } : {}),
      });
      this.contexts.set(key, ctx);
    }
    return {
      secureContext: ctx,
      ...(tls.sni === null ? {} : { servername: tls.sni }),
      rejectUnauthorized: true,
      checkServerIdentity: identityCheckFor(tls),
      // The proxy speaks HTTP/1.1 upstream (FSM sets h2 for mTLS; we do not speak h2 to upstreams yet).
      ALPNProtocols: ['http/1.1'],
    };
  }

  retainOnly(keys: ReadonlySet<string>): void {
    for (const k of this.contexts.keys()) if (!keys.has(k)) this.contexts.delete(k);
  }
}
