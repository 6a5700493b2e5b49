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

/**
 * The request headers to send upstream, as a flat [name, value, …] array built from the client's raw
 * headers: Host preserved as sent, hop-by-hop removed, X-Forwarded-For appended, X-Forwarded-Proto set.
 * @see https://www.rfc-editor.org/rfc/rfc7239 (the de-facto X-Forwarded-* variant)
 */
export function buildUpstreamRequestHeaders(raw: readonly string[], clientAddress: string | undefined, proto: string): string[] {
  const listed = connectionListed(raw);
  const out: string[] = [];
  let xff: string | null = null;
  let authority: string | null = null;
  let sawHost = false;
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
    if (lower === 'host') sawHost = true;
    if (HOP_BY_HOP.has(lower) || (listed !== null && listed.has(lower))) continue;
    if (lower === 'x-forwarded-for') {
      xff = xff === null ? value : `${xff}, ${value}`;
      continue;
    }
    if (lower === 'x-forwarded-proto') continue;
    out.push(name, value);
  }
  if (!sawHost && authority !== null) out.unshift('host', authority);
  const client = clientAddress?.startsWith('::ffff:') ? clientAddress.slice(7) : clientAddress;
  if (client !== undefined) out.push('x-forwarded-for', xff === null ? client : `${xff}, ${client}`);
  else if (xff !== null) out.push('x-forwarded-for', xff);
  out.push('x-forwarded-proto', proto);
  return out;
}

/** The response headers to send to the client: upstream raw headers minus hop-by-hop ones. */
export function buildClientResponseHeaders(raw: ReadonlyArray<Buffer | string>): string[] {
  const strings: string[] = new Array<string>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i] as Buffer | string;
    strings[i] = typeof v === 'string' ? v : v.toString('latin1');
  }
  const listed = connectionListed(strings);
  const out: string[] = [];
  for (let i = 0; i < strings.length; i += 2) {
    const name = strings[i] as string;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || (listed !== null && listed.has(lower))) continue;
    out.push(name, strings[i + 1] as string);
  }
  return out;
}
