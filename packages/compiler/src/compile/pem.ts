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
