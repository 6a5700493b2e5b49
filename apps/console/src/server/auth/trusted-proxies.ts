import { BlockList, isIP } from 'node:net';

/**
 * GATEHOUSE_TRUSTED_PROXIES: the proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For and
 * X-Forwarded-Proto the console believes. Everything that depends on who the client is — the address in audit
 * events, the sign-in rate limit's per-address key, HSTS and the session cookie's Secure flag — goes through here,
 * so a client that writes those headers itself changes nothing unless it *is* one of these proxies.
 */
export const TRUSTED_PROXIES_VARIABLE = 'GATEHOUSE_TRUSTED_PROXIES';

/**
 * The socket peer and whether the socket is TLS, written by the console's own HTTP server (apps/console/server.mjs)
 * over whatever a client sent under these names. Without them (`next dev`, tests calling the handlers in-process)
 * the peer is the last X-Forwarded-For hop, which Next.js sets from the socket when the client sent none.
 */
export const PEER_HEADER = 'x-gatehouse-peer';
export const PEER_TLS_HEADER = 'x-gatehouse-peer-tls';

export interface TrustedProxies {
  readonly entries: readonly string[];
  has(ip: string): boolean;
}

/** IPv4 peers of a dual-stack socket come as IPv4-mapped IPv6 (RFC 4291 §2.5.5.2): one client, one address. */
export function normalizeIp(raw: string): string {
  const s = raw.trim();
  return /^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(s) ? s.slice(7) : s;
}

/** Parses the variable's value; throws a message naming the bad entry (the console refuses to start with it). */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const entries = (value ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || extra !== undefined) throw new Error(`"${entry}" is not an IP address or CIDR (10.0.0.0/8, fd00::/8)`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128)) throw new Error(`"${entry}" has an invalid prefix length`);
    list.addSubnet(address, bits, type);
  }
  return {
    entries,
    has(ip) {
      const a = normalizeIp(ip);
      const family = isIP(a);
      return family !== 0 && list.check(a, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

let cached: { value: string | undefined; trusted: TrustedProxies } | undefined;

/** The console's setting from the environment (read per call, parsed once per value). */
export function consoleTrustedProxies(): TrustedProxies {
  const value = process.env[TRUSTED_PROXIES_VARIABLE];
  if (!cached || cached.value !== value) cached = { value, trusted: parseTrustedProxies(value) };
  return cached.trusted;
}

export interface ClientOrigin {
  /** The client's address: the nearest hop that is not a trusted proxy. */
  ip: string;
  /** Whether the browser's connection was TLS: the socket's own, or a trusted proxy's X-Forwarded-Proto. */
  https: boolean;
}

function splitList(value: string | null): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Who the client is. The chain is X-Forwarded-For's hops followed by the socket peer; walking from the right,
 * every hop that is a trusted proxy is skipped (each of them vouches for the hop before it), and the first one that
 * is not is the client. So from an untrusted peer nothing a client wrote counts; behind a proxy the address that
 * proxy saw counts, and nothing further left (which the client may have made up).
 */
export function readClientOrigin(headers: Headers, trusted: TrustedProxies, url?: string): ClientOrigin {
  const peerHeader = headers.get(PEER_HEADER);
  const hops = splitList(headers.get('x-forwarded-for')).map(normalizeIp);
  if (peerHeader === null) {
    // No console server in front (in-process tests, `next dev`): Next.js put the socket peer last when the client
    // sent no X-Forwarded-For, and the client's last claim otherwise — the historical rule, kept for those runs.
    const ip = hops.pop() ?? normalizeIp(headers.get('x-real-ip') ?? '');
    const proto = splitList(headers.get('x-forwarded-proto'))[0]?.toLowerCase();
    return { ip, https: proto ? proto === 'https' : (url ?? '').startsWith('https:') };
  }
  const peer = normalizeIp(peerHeader);
  const chain = [...hops, peer];
  let ip = chain.pop()!;
  while (trusted.has(ip) && chain.length > 0) ip = chain.pop()!;
  // The scheme is only ever the nearest proxy's word: it terminated TLS (or did not) for the browser.
  const forwardedProto = trusted.has(peer) ? splitList(headers.get('x-forwarded-proto')).at(-1)?.toLowerCase() : undefined;
  return { ip, https: forwardedProto ? forwardedProto === 'https' : headers.get(PEER_TLS_HEADER) === '1' };
}
