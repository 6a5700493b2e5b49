import { isIPv6 } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { buildConnector, errors, Pool } from 'undici';
import type { Endpoint, RoutingTable, ServiceBackend, UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import type { ConnectObserver } from '../metrics/upstream-connects';
import { withGatewayClientCertificate } from './gateway-client-certificate';
import { TlsSessionCache } from './upstream-sessions';
import { SecureContextCache, tlsSettingsKey } from './upstream-tls';

/** Connect within 5 s; the first response byte within 60 s (proxy timeouts of the brief). */
export const CONNECT_TIMEOUT_MS = 5_000;
export const HEADERS_TIMEOUT_MS = 60_000;
const BODY_TIMEOUT_MS = 300_000;
const CONNECTIONS_PER_ENDPOINT = 128;
/**
 * How long in-flight requests on an endpoint that left the table may take before its connections are cut: Kubernetes'
 * default terminationGracePeriodSeconds, after which a removed Pod is killed anyway.
 */
const CLOSE_GRACE_MS = 30_000;
/** As undici's connector: TCP keep-alive probes after 60 s idle, Nagle off (a proxy writes whole heads). */
const TCP_KEEPALIVE_DELAY_MS = 60_000;

/** Where to dispatch: the pool, its origin, and the servername to put on every request (see `get`). */
export interface UpstreamTarget {
  pool: Pool;
  origin: string;
  servername: string;
}

export interface PoolStats {
  pools: number;
  /** Upstream connections (TCP, and TLS handshakes for HTTPS) opened since start: should stay flat under load. */
  connectionsOpened: number;
  /** TLS sessions cached for resumption (one per endpoint and TLS settings at most). */
  tlsSessions: number;
}

/**
 * undici Pools keyed by endpoint + TLS settings, with keep-alive: upstream pooling is what makes a Node proxy
 * fast (proxy-performance.md: 19× fewer requests/s without it). Lookups are cached per Endpoint object of the
 * current table, so the hot path is one WeakMap read.
 *
 * New TLS connections go through `connectTls`: one SecureContext per TLS settings (built when first used, kept while
 * a table uses those settings), and the session of the previous connection to the same endpoint with the same
 * settings offered for resumption (upstream-sessions.ts), so a new connection costs an abbreviated handshake.
 */
export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();
  /** Endpoint → TLS settings (null = plain) → target: one endpoint can be reached with a Gateway's client certificate or without. */
  private readonly byEndpoint = new WeakMap<Endpoint, Map<UpstreamTls | null, UpstreamTarget>>();
  private readonly tlsKeys = new WeakMap<UpstreamTls, string>();
  private readonly contexts = new SecureContextCache();
  private readonly sessions: TlsSessionCache;
  private opened = 0;

  /**
   * `onConnect` hears of every connection made (TLS: handshake verified, full or resumed) or failed (metrics).
   * `maxTlsSessions`: sessions kept for resumption (0: none, every handshake is a full one).
   */
  constructor(private readonly onConnect: ConnectObserver | null = null, maxTlsSessions?: number) {
    this.sessions = new TlsSessionCache(maxTlsSessions);
  }

  private keyOfTls(tls: UpstreamTls): string {
    let k = this.tlsKeys.get(tls);
    if (k === undefined) {
      k = tlsSettingsKey(tls);
      this.tlsKeys.set(tls, k);
    }
    return k;
  }

  private poolKey(endpoint: Endpoint, tls: UpstreamTls | null, protocol: 'http1' | 'h2c' = 'http1'): string {
    return `${tls === null ? (protocol === 'h2c' ? 'h2c' : 'http') : `https+${this.keyOfTls(tls)}`}|${endpoint.address}|${endpoint.port}`;
  }

  /**
   * The pool for an endpoint; throws when the TLS settings cannot be turned into a context (bad PEM).
   * SNI: undici derives a request's servername from its Host header and reconnects whenever it changes.
   * A proxy must not do that (the client's Host is not the upstream's name, and varying Hosts would defeat
   * pooling), so every request carries the pool's fixed `servername`, and the connector ignores it and uses
   * the policy's SNI: BackendTLSPolicy `hostname`, none for UpstreamTLSPolicy (as FSM's data plane).
   */
  get(endpoint: Endpoint, tls: UpstreamTls | null, protocol: 'http1' | 'h2c' = 'http1'): UpstreamTarget {
    let byTls = this.byEndpoint.get(endpoint);
    const cached = byTls?.get(tls);
    // A closed pool: its endpoint left the table while this request (resolved on the old table) was retrying; it gets
    // a pool of its own, which the next `retainFor` closes like any pool the table does not use.
    if (cached !== undefined && !cached.pool.closed) return cached;
    const key = this.poolKey(endpoint, tls, protocol);
    const h2c = tls === null && protocol === 'h2c';
    const host = isIPv6(endpoint.address) ? `[${endpoint.address}]` : endpoint.address;
    const origin = `${tls === null ? 'http' : 'https'}://${host}:${endpoint.port}`;
    let pool = this.pools.get(key);
    if (pool === undefined) {
      const connect = tls === null ? this.plainConnector(endpoint, h2c) : this.tlsConnector(endpoint, tls);
      pool = new Pool(origin, {
        // h2c (GEP-1911): HTTP/2 with prior knowledge, streams multiplexed over a few connections.
        ...(h2c ? { allowH2: true, useH2c: true, connections: 4, pipelining: 100 } : { connections: CONNECTIONS_PER_ENDPOINT, pipelining: 1 }),
        keepAliveTimeout: 60_000,
        keepAliveMaxTimeout: 600_000,
        headersTimeout: HEADERS_TIMEOUT_MS,
        bodyTimeout: BODY_TIMEOUT_MS,
        connect,
      });
      this.pools.set(key, pool);
    }
    const entry = { pool, origin, servername: tls?.sni ?? endpoint.address };
    if (byTls === undefined) {
      byTls = new Map();
      this.byEndpoint.set(endpoint, byTls);
    }
    byTls.set(tls, entry);
    return entry;
  }

  /** Plain TCP (HTTP/1.1 or h2c) through undici's own connector. */
  private plainConnector(endpoint: Endpoint, h2c: boolean): buildConnector.connector {
    const connector = buildConnector({ timeout: CONNECT_TIMEOUT_MS, ...(h2c ? { allowH2: true, useH2c: true } : {}) });
    return (opts, cb) => {
      this.opened++;
      const observe = this.onConnect;
      if (observe === null) connector(opts, cb);
      else {
        connector(opts, (...args) => {
          observe(null, endpoint, args[0], false);
          cb(...args);
        });
      }
    };
  }

  /**
   * TLS connections for a pool, with a connect deadline that covers the handshake (undici's connector does the same,
   * and its ConnectTimeoutError is what upstream-errors.ts and the outlier detector recognise). The request's
   * `servername` is ignored: the policy's SNI is used (see `get`).
   */
  private tlsConnector(endpoint: Endpoint, tls: UpstreamTls): buildConnector.connector {
    return (_opts, cb) => {
      let socket: TLSSocket;
      try {
        socket = this.connectTls(endpoint, tls);
      } catch (err) {
        cb(err instanceof Error ? err : new Error(String(err)), null);
        return;
      }
      let pending = true;
      const timer = setTimeout(() => {
        socket.destroy(new errors.ConnectTimeoutError(`Connect Timeout Error (attempted address: ${endpoint.address}:${endpoint.port}, timeout: ${CONNECT_TIMEOUT_MS}ms)`));
      }, CONNECT_TIMEOUT_MS);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, TCP_KEEPALIVE_DELAY_MS);
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        if (!pending) return;
        pending = false;
        cb(null, socket);
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        if (!pending) return;
        pending = false;
        cb(err, null);
      });
    };
  }

  /**
   * A new TLS connection to an endpoint (pools and upgraded connections): the cached SecureContext, the cached session
   * for this endpoint and these settings, the newest session kept, and the handshake (full or resumed) or its failure
   * told to the observer. Throws when the settings cannot be turned into a context (bad PEM).
   */
  connectTls(endpoint: Endpoint, tls: UpstreamTls): TLSSocket {
    const tlsKey = this.keyOfTls(tls);
    const options = this.contexts.connectOptions(tls, tlsKey);
    const sessionKey = TlsSessionCache.key(tlsKey, endpoint.address, endpoint.port);
    const session = this.sessions.get(sessionKey);
    this.opened++;
    const socket = tlsConnect({ ...options, host: endpoint.address, port: endpoint.port, ...(session === undefined ? {} : { session }) });
    let connected = false;
    socket.on('session', (s: Buffer) => this.sessions.set(sessionKey, s));
    socket.once('secureConnect', () => {
      connected = true;
      this.onConnect?.(tls, endpoint, null, socket.isSessionReused());
    });
    socket.once('error', (err) => {
      if (connected) return;
      // A session the server no longer takes normally just means a full handshake; after a failed connection the
      // session is dropped anyway, so that the next attempt does not offer it again.
      if (session !== undefined) this.sessions.delete(sessionKey);
      this.onConnect?.(tls, endpoint, err, false);
    });
    return socket;
  }

  /** After a table swap: close (gracefully, after in-flight requests) the pools the new table no longer uses. */
  retainFor(table: RoutingTable): void {
    const keep = new Set<string>();
    const tlsKeep = new Set<string>();
    for (const port of Object.values(table.ports)) {
      const listeners = [...Object.values(port.exactHosts), ...port.wildcardHosts, ...(port.anyHost === null ? [] : [port.anyHost])];
      for (const l of listeners) {
        const lists = [...Object.values(l.exactHosts), ...l.wildcardHosts.map((w) => w.entries), l.anyHost];
        for (const entries of lists) {
          for (const e of entries) {
            const keepBackend = (b: ServiceBackend) => {
              const tls = withGatewayClientCertificate(b.tls, l.backendClientCertificate);
              if (tls !== null) tlsKeep.add(this.keyOfTls(tls));
              for (const ep of b.endpoints) keep.add(this.poolKey(ep, tls, b.protocol));
            };
            for (const m of e.rule.filters?.mirrors ?? []) keepBackend(m.backend);
            for (const b of e.rule.backends) {
              if (b.kind !== 'service') continue;
              keepBackend(b);
              for (const m of b.filters?.mirrors ?? []) keepBackend(m.backend);
            }
          }
        }
      }
    }
    for (const [key, pool] of this.pools) {
      if (keep.has(key)) continue;
      this.pools.delete(key);
      const timer = setTimeout(() => void pool.destroy().catch(() => undefined), CLOSE_GRACE_MS);
      timer.unref();
      void pool.close().then(() => clearTimeout(timer), () => undefined);
    }
    this.contexts.retainOnly(tlsKeep);
    this.sessions.retainOnly(tlsKeep);
  }

  stats(): PoolStats {
    return { pools: this.pools.size, connectionsOpened: this.opened, tlsSessions: this.sessions.size };
  }

  async closeAll(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy().catch(() => undefined)));
  }
}
