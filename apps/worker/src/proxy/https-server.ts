import { createSecureServer, type Http2SecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { SecureContext, TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import { normalizeRequestHost } from '@gatehouse/compiler/hostname/hostname-match';
import { selectListenerForHost } from '@gatehouse/compiler/match/match-request';
import type { PortTable } from '@gatehouse/compiler/routing-table/routing-table';
import type { ProxyRequestListener } from './request-handler';
import { applyHttp1Limits, applyHttp2Limits, DEFAULT_SERVER_LIMITS, http2Options, limitRequests, type ServerLimits } from './server-limits';
import { FRONTEND_TLS_DEFAULTS, listenersOf, secureContextOptions, type ServerCertificates } from './server-certificates';

export interface HttpsServerDeps {
  /** The port's table in the routing table in force now (read at every handshake). */
  portTable: () => PortTable | undefined;
  certificates: ServerCertificates;
  logger: Logger;
  limits?: ServerLimits;
}

export interface HttpsServer {
  server: Http2SecureServer;
  /** Re-reads the table: whether client certificates are asked for, and the certificate for clients without SNI. */
  refresh(): void;
}

/**
 * An HTTPS port: HTTP/2 and HTTP/1.1 (ALPN; `allowHTTP1`) over TLS terminated here. The certificate is chosen per
 * handshake from the *current* table by the server name, with the listener precedence of the Host header (exact >
 * longest wildcard > no hostname), so a renewed Secret or a new listener applies to the next handshake without
 * re-opening the port. A client without SNI gets the certificate of the port's listener without hostname (none →
 * the handshake fails: there is no certificate that could be right for it).
 *
 * Client certificates (GEP-91): Node asks for one per server, not per certificate, so the port asks whenever one
 * of its listeners validates clients, and verification never fails the handshake by itself. Right after the
 * handshake the listener chosen by the server name decides: AllowValidOnly closes a connection whose certificate
 * is missing or did not verify against that listener's CAs (the CAs travel in its secure context);
 * AllowInsecureFallback keeps it.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#frontendtlsvalidation
 */
export function createHttpsServer(
  deps: HttpsServerDeps,
  onRequest: (req: Http2ServerRequest, res: Http2ServerResponse) => void,
): HttpsServer {
  const { portTable, certificates, logger } = deps;
  const limits = deps.limits ?? DEFAULT_SERVER_LIMITS;
  const listenerFor = (servername: string) => {
    const port = portTable();
    // A TLS port hands its HTTPS listeners' connections here too (HTTPS beside TLS Passthrough, tls-port-server.ts).
    return port === undefined || port.protocol === 'HTTP' ? null : selectListenerForHost(port, normalizeRequestHost(servername));
  };
  const SNICallback = (servername: string, cb: (err: Error | null, ctx?: SecureContext) => void): void => {
    const listener = listenerFor(servername);
    if (listener === null || listener.tls === null) {
      cb(new Error(`no HTTPS listener serves the server name "${servername}"`));
      return;
    }
    const ctx = certificates.contextFor(listener.tls, servername);
    if (ctx === null) cb(new Error(`no certificate of listener ${listener.gateway.namespace}/${listener.gateway.name}/${listener.listener} could be loaded`));
    else cb(null, ctx);
  };
  // rejectUnauthorized: false — with it Node would refuse every connection without a valid certificate on the
  // whole port, AllowInsecureFallback listeners and listeners without validation included.
  // handshakeTimeout: a client that never finishes its TLS handshake is a slowloris too.
  // noDelay: Nagle off, as node:http's own servers have it (an HTTP/2 secure server leaves it on).
  const server = createSecureServer(
    { allowHTTP1: true, ...FRONTEND_TLS_DEFAULTS, ...http2Options(limits), handshakeTimeout: limits.headerTimeoutMs, SNICallback, rejectUnauthorized: false, noDelay: true },
    limitRequests(onRequest as ProxyRequestListener, limits),
  );
  applyHttp1Limits(server, limits);
  applyHttp2Limits(server, limits);

  server.prependListener('secureConnection', (socket: TLSSocket) => {
    const servername = typeof socket.servername === 'string' ? socket.servername : '';
    const validation = listenerFor(servername)?.tls?.frontendValidation ?? null;
    if (validation?.mode === 'AllowValidOnly' && !socket.authorized) {
      logger.debug({ servername, error: socket.authorizationError }, 'client certificate missing or not valid; closing the connection');
      socket.destroy();
    }
  });
  server.on('tlsClientError', (err) => logger.debug({ err: err.message }, 'TLS handshake failed'));
  server.on('sessionError', (err) => logger.debug({ err: err.message }, 'HTTP/2 session error'));

  let defaultKey: string | null = null;
  const refresh = (): void => {
    const port = portTable();
    const listeners = port === undefined ? [] : listenersOf(port);
    // Node reads `requestCert` from the server for every new connection (tls.Server copies it into the TLSSocket).
    (server as unknown as { requestCert: boolean }).requestCert = listeners.some((l) => l.tls?.frontendValidation != null);
    const fallback = port === undefined ? null : selectListenerForHost(port, '');
    const cert = fallback?.tls?.certificates[0];
    const key = cert === undefined || fallback?.tls == null ? '' : `${cert.certPem}\0${cert.keyPem}\0${fallback.tls.frontendValidation?.caPem ?? ''}`;
    if (key === defaultKey) return;
    defaultKey = key;
    try {
      server.setSecureContext(cert === undefined || fallback?.tls == null ? { ...FRONTEND_TLS_DEFAULTS } : secureContextOptions(cert, fallback.tls));
    } catch (err) {
      logger.error({ err: err instanceof Error ? err.message : String(err) }, 'cannot load the certificate for clients without SNI');
      server.setSecureContext({ ...FRONTEND_TLS_DEFAULTS });
    }
  };
  refresh();
  return { server, refresh };
}
