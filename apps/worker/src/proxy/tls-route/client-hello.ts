/**
 * Reads the server name (SNI) from the first bytes of a TLS connection without terminating it, for TLS passthrough.
 *
 * The client speaks first: TLS records (RFC 8446 §5.1: content type 22 = handshake, a legacy version 0x03xx, a
 * 2-byte length of at most 2^14 + 2048) carrying a ClientHello handshake message (type 1, 3-byte length), which
 * may be split over several records. The ClientHello (RFC 8446 §4.1.2; TLS 1.0–1.2 are the same up to the
 * extensions) holds legacy_version, random, session id, cipher suites and compression methods, then the
 * extensions; server_name is extension 0 (RFC 6066 §3): a list of (type 0 = host_name, 2-byte length, name).
 */
export type ClientHelloResult =
  /** More bytes are needed to read the whole ClientHello. */
  | { state: 'partial' }
  /** Not a TLS ClientHello, or a malformed one: the connection cannot be routed. */
  | { state: 'invalid'; reason: string }
  /** The ClientHello was read; serverName is null when it carries no host_name (or an empty one). */
  | { state: 'complete'; serverName: string | null };

const RECORD_HEADER = 5;
const CONTENT_HANDSHAKE = 22;
const HANDSHAKE_CLIENT_HELLO = 1;
const MAX_RECORD = 16384 + 2048;
const EXT_SERVER_NAME = 0;
const NAME_TYPE_HOST = 0;
/** Stop waiting for a ClientHello larger than this (a real one is a few kB even with post-quantum key shares). */
export const MAX_CLIENT_HELLO = 64 * 1024;

/** Joins the handshake bytes of the handshake records received so far (the last one may be incomplete). */
function handshakeBytes(buf: Buffer): { bytes: Buffer } | { error: string } {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + RECORD_HEADER <= buf.length) {
    const type = buf[offset];
    const major = buf[offset + 1];
    const length = buf.readUInt16BE(offset + 3);
    if (type !== CONTENT_HANDSHAKE) return { error: offset === 0 ? 'not a TLS handshake record' : 'a non-handshake record inside the ClientHello' };
    if (major !== 3) return { error: 'not a TLS record version' };
    if (length === 0 || length > MAX_RECORD) return { error: `TLS record length ${length} is out of range` };
    if (offset + RECORD_HEADER + length > buf.length) {
      parts.push(buf.subarray(offset + RECORD_HEADER));
      return { bytes: Buffer.concat(parts) };
    }
    parts.push(buf.subarray(offset + RECORD_HEADER, offset + RECORD_HEADER + length));
    offset += RECORD_HEADER + length;
  }
  return { bytes: Buffer.concat(parts) };
}

/** A bounds-checked reader: every read past the end throws, which `parseClientHello` turns into "invalid". */
class Reader {
  constructor(
    private readonly buf: Buffer,
    private offset: number,
    private readonly end: number,
  ) {}

  private need(n: number): void {
    if (this.offset + n > this.end) throw new RangeError('truncated ClientHello');
  }

  u8(): number {
    this.need(1);
    return this.buf[this.offset++] as number;
  }

  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  skip(n: number): void {
    this.need(n);
    this.offset += n;
  }

  /** A sub-reader over the next n bytes (a length-prefixed vector), advancing past them. */
  vector(n: number): Reader {
    this.need(n);
    const r = new Reader(this.buf, this.offset, this.offset + n);
    this.offset += n;
    return r;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }

  get remaining(): number {
    return this.end - this.offset;
  }
}

/** host_name from a server_name extension body (RFC 6066 §3); the first host_name entry counts. */
function readServerName(ext: Reader): string | null {
  const list = ext.vector(ext.u16());
  while (list.remaining > 0) {
    const type = list.u8();
    const name = list.bytes(list.u16());
    if (type === NAME_TYPE_HOST) {
      // "The hostname is represented as a byte string using ASCII encoding without a trailing dot."
      const host = name.toString('latin1');
      if (host === '') return '';
      if (!/^[\x21-\x7e]+$/.test(host)) throw new RangeError('server name is not printable ASCII');
      return host.toLowerCase();
    }
  }
  return null;
}

/** Reads the ClientHello at the start of `buf` (everything the client has sent so far). */
export function parseClientHello(buf: Buffer): ClientHelloResult {
  if (buf.length < RECORD_HEADER) {
    // Reject early what cannot become a handshake record (e.g. plain HTTP), rather than wait for five bytes.
    if (buf.length > 0 && buf[0] !== CONTENT_HANDSHAKE) return { state: 'invalid', reason: 'not a TLS handshake record' };
    return { state: 'partial' };
  }
  const hs = handshakeBytes(buf);
  if ('error' in hs) return { state: 'invalid', reason: hs.error };
  if (hs.bytes.length < 4) return buf.length > MAX_CLIENT_HELLO ? { state: 'invalid', reason: 'ClientHello too large' } : { state: 'partial' };
  if (hs.bytes[0] !== HANDSHAKE_CLIENT_HELLO) return { state: 'invalid', reason: 'the first handshake message is not a ClientHello' };
  const length = hs.bytes.readUIntBE(1, 3);
  if (length > MAX_CLIENT_HELLO) return { state: 'invalid', reason: 'ClientHello too large' };
  if (hs.bytes.length < 4 + length) return { state: 'partial' };
  try {
    const r = new Reader(hs.bytes, 4, 4 + length);
    r.skip(2 + 32); // legacy_version, random
    r.skip(r.u8()); // legacy_session_id
    r.skip(r.u16()); // cipher_suites
    r.skip(r.u8()); // legacy_compression_methods
    if (r.remaining === 0) return { state: 'complete', serverName: null }; // no extensions (SSL 3.0-era hello)
    const extensions = r.vector(r.u16());
    while (extensions.remaining > 0) {
      const type = extensions.u16();
      const body = extensions.vector(extensions.u16());
      if (type === EXT_SERVER_NAME) {
        const name = readServerName(body);
        return { state: 'complete', serverName: name === '' ? null : name };
      }
    }
    return { state: 'complete', serverName: null };
  } catch (err) {
    return { state: 'invalid', reason: err instanceof Error ? err.message : 'malformed ClientHello' };
  }
}
