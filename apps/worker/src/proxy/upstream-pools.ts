import { isIPv6 } from 'node:net';
import { buildConnector, Pool } from 'undici';
import type { Endpoint, RoutingTable, ServiceBackend, UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import type { ConnectObserver } from '../metrics/upstream-connects';
import { withGatewayClientCertificate } from './gateway-client-certificate';
import { SecureContextCache, type TlsConnectOptions, tlsSettingsKey } from './upstream-tls';

/** Connect within 5 s; the first response byte within 60 s (proxy timeouts of the brief). */
export const CONNECT_TIMEOUT_MS = 5_000;
export const HEADERS_TIMEOUT_MS = 60_000;
const BODY_TIMEOUT_MS = 300_000;
const CONNECTIONS_PER_ENDPOINT = 128;
const CLOSE_GRACE_MS = 30_000;

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
}

/**
 * undici Pools keyed by endpoint + TLS settings, with keep-alive: upstream pooling is what makes a Node proxy
 * fast (proxy-performance.md: 19× fewer requests/s without it). Lookups are cached per Endpoint object of the
 * current table, so the hot path is one WeakMap read.
 */
export class UpstreamPools {
  private readonly pools = new Map<string, Pool>();
  /** Endpoint → TLS settings (null = plain) → target: one endpoint can be reached with a Gateway's client certificate or without. */
  private readonly byEndpoint = new WeakMap<Endpoint, Map<UpstreamTls | null, UpstreamTarget>>();
  private readonly tlsKeys = new WeakMap<UpstreamTls, string>();
  private readonly contexts = new SecureContextCache();
  private opened = 0;

  /** `onConnect` hears of every connection made (TLS: handshake verified) or failed (metrics). */
  constructor(private readonly onConnect: ConnectObserver | null = null) {}

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
    if (cached !== undefined) return cached;
    const key = this.poolKey(endpoint, tls, protocol);
    const h2c = tls === null && protocol === 'h2c';
    const host = isIPv6(endpoint.address) ? `[${endpoint.address}]` : endpoint.address;
    const origin = `${tls === null ? 'http' : 'https'}://${host}:${endpoint.port}`;
    let pool = this.pools.get(key);
    if (pool === undefined) {
      const tlsOptions = tls === null ? {} : this.contexts.connectOptions(tls, this.keyOfTls(tls));
      const connector = buildConnector({ timeout: CONNECT_TIMEOUT_MS, ...tlsOptions, ...(h2c ? { allowH2: true, useH2c: true } : {}) });
      pool = new Pool(origin, {
        // h2c (GEP-1911): HTTP/2 with prior knowledge, streams multiplexed over a few connections.
        ...(h2c ? { allowH2: true, useH2c: true, connections: 4, pipelining: 100 } : { connections: CONNECTIONS_PER_ENDPOINT, pipelining: 1 }),
        keepAliveTimeout: 60_000,
        keepAliveMaxTimeout: 600_000,
        headersTimeout: HEADERS_TIMEOUT_MS,
        bodyTimeout: BODY_TIMEOUT_MS,
        connect: (opts, cb) => {
          this.opened++;
          const observe = this.onConnect;
          if (observe === null) connector({ ...opts, servername: tls?.sni ?? undefined }, cb);
          else {
            connector({ ...opts, servername: tls?.sni ?? undefined }, (...args) => {
              observe(tls, endpoint, args[0]);
              cb(...args);
            });
          }
        },
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
  }

  /** TLS options for a connection outside the pools (upgraded connections), from the same cached contexts. */
  tlsConnectOptions(tls: UpstreamTls): TlsConnectOptions {
    return this.contexts.connectOptions(tls, this.keyOfTls(tls));
  }

  stats(): PoolStats {
    return { pools: this.pools.size, connectionsOpened: this.opened };
  }

  async closeAll(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy().catch(() => undefined)));
  }
}
