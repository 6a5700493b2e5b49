import type { Server } from 'node:http';
import type { Http2SecureServer, Http2Session } from 'node:http2';
import type { Server as NetServer, Socket } from 'node:net';
import type { Logger } from 'pino';
import type { PortProtocol, PortTable } from '@gatehouse/compiler/routing-table/routing-table';
import { createPlainHttpServer, type UpgradeListener } from './http-server';
import { type DrainablePort, drainPort, trackResponses, trackSessions } from './drain-port';
import { createHttpsServer } from './https-server';
import type { BackendPicker } from './backend-picker';
import { createTlsPortServer } from './tls-route/tls-port-server';
import type { ProxyRequestListener } from './request-handler';
import type { ServerCertificates } from './server-certificates';
import { DEFAULT_SERVER_LIMITS, limitUpgrades, type ServerLimits } from './server-limits';

export interface PortState {
  port: number;
  state: 'serving' | 'error';
  protocol?: PortProtocol;
  error?: string;
}

export interface WantedPort {
  port: number;
  protocol: PortProtocol;
}

export interface HttpsDeps {
  /** The port's table in the routing table in force now. */
  portTable: (port: number) => PortTable | undefined;
  certificates: ServerCertificates;
  /** TLS ports (TLSRoute): the weighted backend choice shared with the HTTP proxy. */
  picker: BackendPicker;
}

interface OpenPort {
  protocol: PortProtocol;
  server: NetServer | Http2SecureServer;
  /** The HTTP/1.1 server of a plain port, whose idle keep-alive connections can be closed at once. */
  http1: Server | null;
  /** Raw TCP connections, to end them when the port closes (HTTP/2 servers have no closeAllConnections). */
  sockets: Set<Socket>;
  /** HTTPS: re-read the table (client certificate request, certificate for clients without SNI). */
  refresh: (() => void) | null;
  /** Open HTTP/2 sessions (h2c or HTTPS), told GOAWAY on a graceful close. */
  sessions: Set<Http2Session>;
  /** HTTP/1.1 connections with their response in progress, made the last of its connection on a graceful close. */
  httpConnections: Set<Socket>;
}

const DRAIN_MS = 10_000;

/**
 * An allowHTTP1 secure server has node:http's closeIdleConnections (Node's typings leave it out); a TLS port's TCP
 * server has none (its connections are spliced streams, ended with the port's sockets at the deadline).
 */
function drainable(entry: OpenPort): DrainablePort {
  const candidate = (entry.http1 ?? entry.server) as unknown as Partial<Pick<Server, 'closeIdleConnections'>>;
  const http1 = typeof candidate.closeIdleConnections === 'function' ? [candidate as Pick<Server, 'closeIdleConnections'>] : [];
  return { server: entry.server, http1, sessions: entry.sessions, sockets: entry.sockets, httpConnections: entry.httpConnections };
}
/** A port switching protocol is closed and bound again; the old listening socket may take a moment to let go. */
const REBIND_ATTEMPTS = 20;
const REBIND_DELAY_MS = 25;

/**
 * One server per distinct listener port of the served Gateways: node:http for HTTP ports, an HTTP/2 + HTTP/1.1
 * TLS server for HTTPS ports (https-server.ts), a TCP server routing by SNI for TLS ports (tls-route/). A port that cannot be bound is reported (state error, with the
 * EADDRINUSE message) while the other ports keep serving; it is retried at the next reconcile. A port stays open
 * across snapshots as long as its protocol stays the same (certificates are read per handshake); a port whose
 * protocol changes is closed and opened again. Ports no longer in the table stop accepting at once and close
 * after in-flight requests finish (idle HTTP/1 keep-alive connections are closed immediately, the rest after
 * DRAIN_MS).
 */
export class ListenerManager {
  private readonly open = new Map<number, OpenPort>();
  private readonly failed = new Map<number, { protocol: PortProtocol; error: string }>();

  constructor(
    private readonly bindAddress: string,
    private readonly handlerFor: (port: number, protocol: PortProtocol) => ProxyRequestListener,
    private readonly logger: Logger,
    private readonly https: HttpsDeps,
    private readonly upgradeFor: (port: number, protocol: PortProtocol) => UpgradeListener,
    private readonly limits: ServerLimits = DEFAULT_SERVER_LIMITS,
  ) {}

  private create(port: number, protocol: PortProtocol): OpenPort {
    const sessions = new Set<Http2Session>();
    const httpConnections = new Set<Socket>();
    if (protocol === 'HTTPS' || protocol === 'TLS') {
      // HTTP requests on a TLS port come from its HTTPS listeners (beside TLS Passthrough): they are HTTPS requests.
      const h = createHttpsServer({ portTable: () => this.https.portTable(port), certificates: this.https.certificates, logger: this.logger, limits: this.limits }, this.handlerFor(port, 'HTTPS'));
      // HTTP/1.1 over TLS may upgrade (wss://); HTTP/2 has no Upgrade.
      h.server.on('upgrade', limitUpgrades(this.upgradeFor(port, 'HTTPS'), this.limits));
      trackSessions(h.server, sessions);
      trackResponses(h.server, httpConnections);
      if (protocol === 'HTTPS') return { protocol, server: h.server, http1: null, sockets: new Set(), refresh: h.refresh, sessions, httpConnections };
      const tls = createTlsPortServer({ portTable: () => this.https.portTable(port), certificates: this.https.certificates, picker: this.https.picker, logger: this.logger, https: h.server });
      const refresh = (): void => {
        h.refresh();
        tls.retain();
      };
      return { protocol, server: tls.server, http1: null, sockets: new Set(), refresh, sessions, httpConnections };
    }
    const handler = this.handlerFor(port, protocol);
    const upgrade = this.upgradeFor(port, protocol);
    const plain = createPlainHttpServer(handler, upgrade, this.logger, this.limits);
    trackSessions(plain.h2c, sessions);
    trackResponses(plain.http1, httpConnections);
    return { protocol, server: plain.server, http1: plain.http1, sockets: new Set(), refresh: null, sessions, httpConnections };
  }

  private bind(port: number, entry: OpenPort): Promise<NodeJS.ErrnoException | null> {
    return new Promise((resolve) => {
      const onError = (err: NodeJS.ErrnoException): void => resolve(err);
      entry.server.once('error', onError);
      entry.server.listen({ port, host: this.bindAddress }, () => {
        entry.server.off('error', onError);
        resolve(null);
      });
    });
  }

  private async listen(port: number, protocol: PortProtocol, rebinding: boolean): Promise<void> {
    const entry = this.create(port, protocol);
    let err = await this.bind(port, entry);
    for (let i = 0; rebinding && err?.code === 'EADDRINUSE' && i < REBIND_ATTEMPTS; i++) {
      await new Promise((r) => setTimeout(r, REBIND_DELAY_MS));
      err = await this.bind(port, entry);
    }
    if (err !== null) {
      this.failed.set(port, { protocol, error: `${err.code ?? 'ERROR'}: ${err.message}` });
      this.logger.error({ port, code: err.code }, `cannot listen on ${this.bindAddress}:${port}: ${err.message}`);
      return;
    }
    entry.server.on('error', (e) => this.logger.error({ port, err: e.message }, 'listener error'));
    entry.server.on('connection', (socket: Socket) => {
      entry.sockets.add(socket);
      socket.once('close', () => entry.sockets.delete(socket));
    });
    this.open.set(port, entry);
    this.failed.delete(port);
    this.logger.info({ port, protocol }, `listening on ${this.bindAddress}:${port} (${protocol})`);
  }

  private drain(port: number, entry: OpenPort, why: string): void {
    this.open.delete(port);
    void drainPort(drainable(entry), DRAIN_MS);
    this.logger.info({ port }, `stopped listening (${why})`);
  }

  /** Opens the missing ports (retrying failed ones), re-opens those whose protocol changed, closes the others. */
  async reconcile(ports: readonly WantedPort[]): Promise<PortState[]> {
    const wanted = new Map(ports.map((p) => [p.port, p.protocol]));
    const rebinding = new Set<number>();
    for (const [port, entry] of this.open) {
      const protocol = wanted.get(port);
      if (protocol === undefined) this.drain(port, entry, 'port no longer in the routing table');
      else if (protocol !== entry.protocol) {
        this.drain(port, entry, `protocol changes from ${entry.protocol} to ${protocol}`);
        // Connections of the old protocol cannot carry on: end them now rather than after DRAIN_MS.
        for (const s of entry.sockets) s.destroy();
        rebinding.add(port);
      }
    }
    for (const port of [...this.failed.keys()]) if (!wanted.has(port)) this.failed.delete(port);
    await Promise.all([...wanted].filter(([p]) => !this.open.has(p)).map(([p, protocol]) => this.listen(p, protocol, rebinding.has(p))));
    for (const entry of this.open.values()) entry.refresh?.();
    return this.states();
  }

  /** The server object of a port (tests check that a certificate rotation keeps it). */
  serverOf(port: number): NetServer | Http2SecureServer | undefined {
    return this.open.get(port)?.server;
  }

  states(): PortState[] {
    const out: PortState[] = [];
    for (const [port, entry] of this.open) out.push({ port, state: 'serving', protocol: entry.protocol });
    for (const [port, f] of this.failed) out.push({ port, state: 'error', protocol: f.protocol, error: f.error });
    return out.sort((a, b) => a.port - b.port);
  }

  /**
   * Closes every port gracefully (drain-port.ts): no new connections, in-flight requests finish, idle keep-alive
   * connections close; after `deadlineMs` the rest are destroyed.
   */
  async closeAll(deadlineMs = 2_000): Promise<void> {
    const entries = [...this.open.values()];
    this.open.clear();
    await Promise.all(
      entries.map((entry) =>
        drainPort(drainable(entry), deadlineMs),
      ),
    );
  }
}
