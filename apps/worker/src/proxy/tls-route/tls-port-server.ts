import type { Http2SecureServer } from 'node:http2';
import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import { normalizeRequestHost } from '@gatehouse/compiler/hostname/hostname-match';
import { selectListenerForHost } from '@gatehouse/compiler/match/match-request';
import { selectTlsRoute } from '@gatehouse/compiler/match/select-tls-route';
import type { PortTable } from '@gatehouse/compiler/routing-table/routing-table';
import type { BackendPicker } from '../backend-picker';
import { withGatewayClientCertificate } from '../gateway-client-certificate';
import { FRONTEND_TLS_DEFAULTS, listenersOf, type ServerCertificates } from '../server-certificates';
import { SecureContextCache, tlsSettingsKey } from '../upstream-tls';
import { joinBackend, pickStreamBackend } from './backend-stream';
import { MAX_CLIENT_HELLO, parseClientHello } from './client-hello';

export interface TlsPortDeps {
  /** The port's table in the routing table in force now (read for every connection). */
  portTable: () => PortTable | undefined;
  certificates: ServerCertificates;
  picker: BackendPicker;
  logger: Logger;
  /** The port's HTTPS server (not listening itself): connections whose server name selects an HTTPS listener. */
  https: Http2SecureServer;
}

/** A client that has not finished its ClientHello (or, on Terminate, its handshake) by then is dropped (slow-loris protection). */
export const CLIENT_HELLO_TIMEOUT_MS = 10_000;

/**
 * A `protocol: TLS` port (TLSRoute). Every connection starts the same way: the ClientHello is read without
 * answering it (`client-hello.ts`), its server name picks the listener and the TLSRoute in the *current* table
 * (`selectTlsRoute`), and the route's backends are chosen by weight. Then, by the listener's mode:
 * - Passthrough: the bytes read so far are replayed to the backend endpoint and the connection is spliced
 *   through untouched — the client's TLS session ends at the backend, whose certificate it sees.
 * - Terminate: the bytes are pushed back and a server TLSSocket takes over with the listener's certificate for
 *   that name (the HTTPS certificate code, `ServerCertificates`); after the handshake the decrypted stream goes to
 *   the backend in plain TCP, or over TLS when a BackendTLSPolicy covers the backend.
 * A server name that selects an HTTPS listener of the port (HTTPS beside TLS Passthrough) goes to the port's HTTPS
 * server with the bytes pushed back, which then serves it like any HTTPS connection.
 * No route for the name (or no name: TLSRoutes always have hostnames), a backend "rejected by weight", no ready
 * endpoint, or bytes that are not a ClientHello: the connection is closed. Certificates and routes are read per
 * connection, so a renewed Secret or a new route applies to the next connection without re-opening the port.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#tlsroute
 */
export interface TlsPortServer {
  server: Server;
  /** Drops the backend secure contexts the port's current table no longer uses (call after a table swap). */
  retain(): void;
}

export function createTlsPortServer(deps: TlsPortDeps): TlsPortServer {
  const { logger } = deps;
  const contexts = new SecureContextCache();
  const streamDeps = { picker: deps.picker, logger, contexts };

  const route = (client: Socket, hello: Buffer, serverName: string | null): void => {
    const port = deps.portTable();
    const listener = port === undefined ? null : selectListenerForHost(port, normalizeRequestHost(serverName ?? ''));
    if (listener !== null && listener.tlsRoutes === null && listener.tls !== null) {
      // An HTTPS listener beside TLS Passthrough ones (GatewayHTTPSAndTLSPassthroughSamePort): the HTTPS server
      // takes the connection from its first byte on, exactly as if it had accepted it.
      client.unshift(hello);
      deps.https.emit('connection', client);
      return;
    }
    const hit = port === undefined ? null : selectTlsRoute(port, serverName ?? '');
    if (hit === null || hit.listener.tlsRoutes === null) {
      logger.debug({ serverName }, 'no TLSRoute serves this server name; closing the connection');
      client.destroy();
      return;
    }
    const choice = pickStreamBackend(hit.target, deps.picker);
    if ('refused' in choice) {
      logger.debug({ serverName, route: `${hit.target.route.namespace}/${hit.target.route.name}`, reason: choice.refused }, 'TLSRoute backend refused; closing the connection');
      client.destroy();
      return;
    }
    if (hit.listener.tlsRoutes.mode === 'Passthrough') {
      joinBackend(client, hello, choice, null, streamDeps);
      return;
    }
    const tls = hit.listener.tls;
    const secureContext = tls === null ? null : deps.certificates.contextFor(tls, serverName ?? '');
    if (tls === null || secureContext === null) {
      logger.warn({ serverName, listener: hit.listener.listener }, 'no certificate of the TLS listener could be loaded; closing the connection');
      client.destroy();
      return;
    }
    const validation = tls.frontendValidation;
    client.unshift(hello);
    const secure = new TLSSocket(client, {
      isServer: true,
      secureContext,
      requestCert: validation !== null,
      // Verification never fails the handshake by itself: the listener's mode decides below, as on HTTPS ports.
      rejectUnauthorized: false,
      ...FRONTEND_TLS_DEFAULTS,
    });
    // The handshake gets the same time as the ClientHello; after it the stream has no idle limit (like passthrough).
    secure.setTimeout(CLIENT_HELLO_TIMEOUT_MS, () => secure.destroy());
    secure.on('error', (err) => {
      logger.debug({ serverName, err: err.message }, 'TLS handshake or stream error on a terminated TLSRoute');
      secure.destroy();
    });
    secure.once('secure', () => {
      secure.setTimeout(0);
      if (validation?.mode === 'AllowValidOnly' && !secure.authorized) {
        logger.debug({ serverName, error: secure.authorizationError }, 'client certificate missing or not valid; closing the connection');
        secure.destroy();
        return;
      }
      secure.pause();
      // The Gateway's backend client certificate (spec.tls.backend) applies as on HTTP routes.
      joinBackend(secure, null, choice, withGatewayClientCertificate(choice.backend.tls, hit.listener.backendClientCertificate), streamDeps);
    });
  };

  const server = createServer({ allowHalfOpen: true, pauseOnConnect: false }, (client) => {
    let received: Buffer = Buffer.alloc(0);
    client.setTimeout(CLIENT_HELLO_TIMEOUT_MS, () => client.destroy());
    client.on('error', (err) => logger.debug({ err: err.message }, 'TLS port connection error before routing'));
    const onData = (chunk: Buffer): void => {
      received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
      const hello = parseClientHello(received);
      if (hello.state === 'partial' && received.length <= MAX_CLIENT_HELLO) return;
      client.off('data', onData);
      client.pause();
      client.setTimeout(0);
      if (hello.state !== 'complete') {
        logger.debug({ reason: hello.state === 'invalid' ? hello.reason : 'ClientHello too large' }, 'not a routable TLS ClientHello; closing the connection');
        client.destroy();
        return;
      }
      try {
        route(client, received, hello.serverName);
      } catch (err) {
        // A bad table entry must never take the worker down: this connection is closed, the port keeps serving.
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'TLSRoute connection failed');
        client.destroy();
      }
    };
    client.on('data', onData);
  });
  const retain = (): void => {
    const port = deps.portTable();
    const keys = new Set<string>();
    for (const l of port === undefined ? [] : listenersOf(port)) {
      const routes = l.tlsRoutes;
      if (routes === null || routes.mode !== 'Terminate') continue;
      for (const t of [...Object.values(routes.exactHosts), ...routes.wildcardHosts.map((w) => w.target)]) {
        for (const b of t.backends) {
          const tls = b.kind === 'service' ? withGatewayClientCertificate(b.tls, l.backendClientCertificate) : null;
          if (tls !== null) keys.add(tlsSettingsKey(tls));
        }
      }
    }
    contexts.retainOnly(keys);
  };
  return { server, retain };
}
