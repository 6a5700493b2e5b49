/** Sessions kept by default: one per endpoint and TLS settings, far more than a worker's usual upstream set. */
export const DEFAULT_MAX_TLS_SESSIONS = 1_000;

/**
 * TLS sessions to resume with upstreams (RFC 8446 §2.2, RFC 5077), bounded, least recently used first out.
 *
 * The key is the endpoint *and* the TLS settings (`tlsSettingsKey`: CA, SNI, names to verify, client certificate):
 * a resumed handshake skips certificate verification (the session carries the old verdict), so a session made under
 * one policy must never be offered under another — a policy that changes its CA starts with a full handshake that
 * the new CA verifies. `retainOnly` drops the sessions of settings no table uses any more.
 *
 * Why not undici's connector cache: it keys by server name (or address) per connector and holds `WeakRef`s, so a
 * garbage collection can drop a session at any time; here the references are strong and the bound is explicit.
 * Node gives a session as the DER bytes of its 'session' event and takes them back as `tls.connect({ session })`
 * (https://nodejs.org/api/tls.html#event-session). With TLS 1.3 each connection gets fresh tickets, and the newest
 * replaces the one used; connections opened at the same moment offer the same ticket, which servers accept unless
 * they enforce single-use tickets (then the handshake simply is a full one).
 */
export class TlsSessionCache {
  private readonly sessions = new Map<string, Buffer>();

  constructor(readonly max: number = DEFAULT_MAX_TLS_SESSIONS) {}

  static key(tlsKey: string, address: string, port: number): string {
    return `${tlsKey}|${address}|${port}`;
  }

  get size(): number {
    return this.sessions.size;
  }

  get(key: string): Buffer | undefined {
    const s = this.sessions.get(key);
    if (s !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.sessions.delete(key);
      this.sessions.set(key, s);
    }
    return s;
  }

  set(key: string, session: Buffer): void {
    if (this.max <= 0) return;
    this.sessions.delete(key);
    this.sessions.set(key, session);
    if (this.sessions.size > this.max) {
      const oldest = this.sessions.keys().next();
      if (oldest.done !== true) this.sessions.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.sessions.delete(key);
  }

  /** Keeps only the sessions made under TLS settings in `tlsKeys`. */
  retainOnly(tlsKeys: ReadonlySet<string>): void {
    for (const k of this.sessions.keys()) if (!tlsKeys.has(k.slice(0, k.indexOf('|')))) this.sessions.delete(k);
  }
}
