import { invalid } from './input';
import { measureDer } from './der-length';

/** One `-----BEGIN X-----` … `-----END X-----` block. */
export interface PemBlock {
  /** The label, e.g. `CERTIFICATE`, `PRIVATE KEY`, `PKCS7`. */
  label: string;
  /** Decoded body. */
  der: Buffer;
  /** The block as text, normalised (kept because encrypted legacy keys need their Proc-Type/DEK-Info headers). */
  text: string;
}

const BEGIN = /^-----BEGIN ([A-Z0-9 ]+)-----$/;
const END = /^-----END ([A-Z0-9 ]+)-----$/;
const HEADER = /^[A-Za-z-]+: /;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Splits PEM text into blocks (RFC 7468). Text outside blocks (`Bag Attributes`, `subject=` lines that
 * `openssl pkcs12` and `openssl x509` print) is ignored. A block without its END line, a mismatched END,
 * bad base64 or a body whose DER is truncated is refused with a message naming the block.
 * @see https://www.rfc-editor.org/rfc/rfc7468#section-3
 */
export function splitPem(text: string, path = 'input'): PemBlock[] {
  const blocks: PemBlock[] = [];
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  let label: string | undefined;
  let headers: string[] = [];
  let body: string[] = [];
  for (const line of lines) {
    if (label === undefined) {
      const begin = BEGIN.exec(line);
      if (begin) {
        label = begin[1] ?? '';
        headers = [];
        body = [];
      }
      continue;
    }
    const end = END.exec(line);
    if (end) {
      if (end[1] !== label) throw invalid(`PEM block '${label}' ends with END ${end[1]}`, path);
      blocks.push(decodeBlock(label, headers, body, blocks.length, path));
      label = undefined;
      continue;
    }
    if (BEGIN.test(line)) throw invalid(`PEM block '${label}' has no END line before the next BEGIN (truncated?)`, path);
    if (line === '') continue;
    if (HEADER.test(line) && body.length === 0) headers.push(line);
    else body.push(line);
  }
  if (label !== undefined) throw invalid(`PEM block '${label}' has no END line (truncated?)`, path);
  return blocks;
}

function decodeBlock(label: string, headers: string[], body: string[], index: number, path: string): PemBlock {
  const b64 = body.join('');
  if (!BASE64.test(b64) || b64.length % 4 !== 0 || b64.length === 0) {
    throw invalid(`PEM block #${index + 1} '${label}' is not valid base64`, path);
  }
  const der = Buffer.from(b64, 'base64');
  // Encrypted legacy PEM keys (Proc-Type: 4,ENCRYPTED) carry ciphertext, not DER; everything else must be whole DER.
  // OpenSSL's TRUSTED CERTIFICATE appends trust settings after the certificate, so it is exempt from the length check.
  if (headers.length === 0) {
    const total = measureDer(der, `PEM block #${index + 1} '${label}'`);
    if (total !== undefined && total !== der.length && label !== 'TRUSTED CERTIFICATE') {
      throw invalid(`PEM block #${index + 1} '${label}' has ${der.length - total} bytes after its DER structure`, path);
    }
  }
  const text = [`-----BEGIN ${label}-----`, ...headers, ...(headers.length > 0 ? [''] : []), ...wrap64(b64), `-----END ${label}-----`, ''].join('\n');
  return { label, der, text };
}

/** Encodes DER as PEM with 64-character lines (RFC 7468 §2). */
export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  return [`-----BEGIN ${label}-----`, ...wrap64(b64), `-----END ${label}-----`, ''].join('\n');
}

function wrap64(b64: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < b64.length; i += 64) out.push(b64.slice(i, i + 64));
  return out;
}

/** True when the bytes look like PEM text (ASCII with a BEGIN line), so binary DER is never mistaken for it. */
export function looksLikePem(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64 * 1024)).toString('latin1');
  return /-----BEGIN [A-Z0-9 ]+-----/.test(head);
}
