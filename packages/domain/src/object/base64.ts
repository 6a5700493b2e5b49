/**
 * Base64 as the API server reads `[]byte` fields (Secret.data, ConfigMap.binaryData): Go's encoding/json uses
 * base64.StdEncoding, which needs padding and ignores CR and LF. Written with atob/btoa and TextEncoder so the
 * domain package needs no Node Buffer (it also runs in the browser).
 */

const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function stripNewlines(value: string): string {
  return value.replace(/[\r\n]/g, '');
}

export function isBase64(value: string): boolean {
  return STD_BASE64.test(stripNewlines(value));
}

/**
 * The canonical encoding of the same bytes (no line breaks, zero padding bits), which is what the API server
 * serves back after decoding. Only call on values for which isBase64 is true.
 */
export function canonicalBase64(value: string): string {
  return btoa(atob(stripNewlines(value)));
}

/** Number of bytes a valid base64 value decodes to. */
export function base64ByteLength(value: string): number {
  const s = stripNewlines(value);
  const padding = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return (s.length / 4) * 3 - padding;
}

/** Encodes a string as base64 of its UTF-8 bytes (how stringData becomes data). */
export function encodeUtf8Base64(value: string): string {
  const bytes = new TextEncoder().encode(value);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Decodes base64 to a UTF-8 string (tests and display; invalid UTF-8 becomes U+FFFD). */
export function decodeBase64Utf8(value: string): string {
  const binary = atob(stripNewlines(value));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
