const CERT_BLOCK = /-----BEGIN CERTIFICATE-----\s*[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/;
const KEY_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----\s*[A-Za-z0-9+/=\s:,-]+?-----END [A-Z ]*PRIVATE KEY-----/;

/**
 * A structural check only (the compiler is pure and does no crypto): the worker parses the PEM when it
 * builds the TLS context and reports a failure as a 502 with the reason.
 */
export function containsPemCertificate(text: string): boolean {
  return CERT_BLOCK.test(text);
}

export function containsPemPrivateKey(text: string): boolean {
  return KEY_BLOCK.test(text);
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** The length a DER SEQUENCE header announces plus the header itself; null when the bytes are not one. */
function derSequenceLength(bytes: Uint8Array): number | null {
  if (bytes.length < 2 || bytes[0] !== 0x30) return null;
  const first = bytes[1] as number;
  if (first < 0x80) return 2 + first;
  const octets = first & 0x7f;
  if (octets === 0 || octets > 4 || bytes.length < 2 + octets) return null;
  let len = 0;
  for (let i = 0; i < octets; i++) len = len * 256 + (bytes[2 + i] as number);
  return 2 + octets + len;
}

/**
 * Does `text` hold at least one PEM block of the wanted type whose body is base64 of exactly one DER SEQUENCE
 * (what every certificate and private key is)? Still no crypto, and it runs in the browser too (atob), but it
 * tells a truncated or pasted-wrong value from a usable one, which is what "malformed" means for status.
 */
export function isWellFormedPem(text: string, what: 'certificate' | 'privateKey'): boolean {
  let found = false;
  for (const m of text.matchAll(PEM_BLOCK)) {
    const label = m[1] as string;
    const wanted = what === 'certificate' ? label === 'CERTIFICATE' : label.endsWith('PRIVATE KEY');
    if (!wanted) continue;
    // Encrypted keys (PKCS#8 "ENCRYPTED PRIVATE KEY", or legacy ones with "Proc-Type:" headers) need a
    // passphrase that a Secret does not carry.
    if (label.startsWith('ENCRYPTED') || (m[2] as string).includes(':')) return false;
    let bytes: Uint8Array;
    try {
      bytes = Uint8Array.from(atob((m[2] as string).replace(/\s+/g, '')), (c) => c.charCodeAt(0));
    } catch {
      return false;
    }
    if (derSequenceLength(bytes) !== bytes.length) return false;
    found = true;
  }
  return found;
}
