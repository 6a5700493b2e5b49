import { BlockList, isIP, isIPv4, isIPv6 } from 'node:net';

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) are meant for one connection and are not forwarded, nor are the
 * names listed in `Connection`. `Expect` is answered by Node's server itself (100-continue) and undici
 * refuses to send it.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-authenticate', 'proxy-authorization', 'expect', 'http2-settings']);

/** Extra names listed in a Connection header (lower case); null when none, to skip work in the common case. */
function connectionListed(raw: readonly string[]): Set<string> | null {
  let out: Set<string> | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    if ((raw[i] as string).length !== 10 || (raw[i] as string).toLowerCase() !== 'connection') continue;
    for (const token of (raw[i + 1] as string).split(',')) {
      const t = token.trim().toLowerCase();
      if (t !== '' && t !== 'close' && t !== 'keep-alive') (out ??= new Set()).add(t);
    }
  }
  return out;
}

/** Whether a peer's X-Forwarded-* headers are believed (GATEHOUSE_WORKER_TRUSTED_PROXIES). */
export type PeerTrust = (address: string) => boolean;
export const TRUST_NONE: PeerTrust = () => false;

function ipType(address: string): 'ipv4' | 'ipv6' {
  if (isIPv4(address)) return 'ipv4';
  if (isIPv6(address)) return 'ipv6';
  throw new Error(`"${address}" is not an IP address`);
}

/** A trust test from addresses and CIDRs ("10.0.0.0/8", "127.0.0.1", "fd00::/8"); throws on a malformed entry. */
export function trustedPeers(entries: readonly string[]): PeerTrust {
  if (entries.length === 0) return TRUST_NONE;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits, extra] = entry.split('/');
    const type = ipType(address);
    if (extra !== undefined) throw new Error(`"${entry}" is not an address or CIDR`);
    if (bits === undefined) list.addAddress(address, type);
    else {
      const prefix = /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
      if (!(prefix >= 0 && prefix <= (type === 'ipv4' ? 32 : 128))) throw new Error(`"${entry}" has an invalid prefix length`);
      list.addSubnet(address, prefix, type);
    }
  }
  return (address) => {
    const a = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
    return isIP(a) !== 0 && list.check(a, ipType(a));
  };
}

/**
 * The request headers to send upstream, as a flat [name, value, …] array built from the client's raw
 * headers: Host preserved as sent, hop-by-hop removed (RFC 9110 §7.6.1), and the de-facto X-Forwarded-* set
 * (RFC 7239 §1 describes them; Forwarded itself passes through untouched):
 * - from a trusted peer (a proxy in front of the worker) X-Forwarded-For gets the peer appended, and its
 *   X-Forwarded-Proto and X-Forwarded-Host are kept when it sent them;
 * - from any other peer what it sent is dropped: X-Forwarded-For is the peer's address, X-Forwarded-Proto the
 *   listener's scheme, X-Forwarded-Host the Host (or :authority) the client asked for.
 */
export function buildUpstreamRequestHeaders(raw: readonly string[], clientAddress: string | undefined, proto: string, trust: PeerTrust = TRUST_NONE): string[] {
  const listed = connectionListed(raw);
  const client = clientAddress?.startsWith('::ffff:') ? clientAddress.slice(7) : clientAddress;
  const trusted = client !== undefined && trust(client);
  const out: string[] = [];
  let xff: string | null = null;
  let xfProto: string | null = null;
  let xfHost: string | null = null;
  let authority: string | null = null;
  let host: string | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    // HTTP/2 pseudo-headers (:method, :path, :scheme, :authority) are not headers of the HTTP/1.1 request sent
    // upstream; :authority becomes its Host (RFC 9113 §8.3.1) unless the client also sent one.
    if (name.charCodeAt(0) === 58 /* : */) {
      if (name === ':authority') authority = value;
      continue;
    }
    const lower = name.toLowerCase();
    if (lower === 'host') host ??= value;
    if (HOP_BY_HOP.has(lower) || (listed !== null && listed.has(lower))) continue;
    if (lower === 'x-forwarded-for') {
      xff = xff === null ? value : `${xff}, ${value}`;
      continue;
    }
    if (lower === 'x-forwarded-proto') {
      xfProto ??= value;
      continue;
    }
    if (lower === 'x-forwarded-host') {
      xfHost ??= value;
      continue;
    }
    out.push(name, value);
  }
  if (host === null && authority !== null) out.unshift('host', authority);
  if (client !== undefined) out.push('x-forwarded-for', trusted && xff !== null ? `${xff}, ${client}` : client);
  else if (trusted && xff !== null) out.push('x-forwarded-for', xff);
  out.push('x-forwarded-proto', trusted && xfProto !== null ? xfProto : proto);
  const asked = host ?? authority;
  if (trusted && xfHost !== null) out.push('x-forwarded-host', xfHost);
  else if (asked !== null) out.push('x-forwarded-host', asked);
  return out;
}

/** The response headers to send to the client: upstream raw headers minus hop-by-hop ones. */
export function buildClientResponseHeaders(raw: ReadonlyArray<Buffer | string>): string[] {
  // One pass in the common case (no names listed in Connection): names and values become strings as they are kept.
  // A Connection header listing extra names is rare; only then is a second pass made with that list.
  const out: string[] = [];
  let listed: Set<string> | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const n = raw[i] as Buffer | string;
    const name = typeof n === 'string' ? n : n.toString('latin1');
    const lower = name.toLowerCase();
    const v = raw[i + 1] as Buffer | string;
    const value = typeof v === 'string' ? v : v.toString('latin1');
    if (lower === 'connection') {
      for (const token of value.split(',')) {
        const t = token.trim().toLowerCase();
        if (t !== '' && t !== 'close' && t !== 'keep-alive') (listed ??= new Set()).add(t);
      }
    }
    if (HOP_BY_HOP.has(lower)) continue;
    out.push(name, value);
  }
  if (listed === null) return out;
  const kept: string[] = [];
  for (let i = 0; i < out.length; i += 2) if (!listed.has((out[i] as string).toLowerCase())) kept.push(out[i] as string, out[i + 1] as string);
  return kept;
}
