import type { MasterKey } from '../../secrets/master-key';
import { decryptValue, encryptValue } from '../../secrets/secret-cipher';

/**
 * Private keys at rest: the PKCS#8 PEM in the same AES-256-GCM envelope as Secret values, with its own AAD
 * (`Certificate/<id>/privateKey`) so a key cannot be moved to another row or mistaken for a Secret value.
 */
export function privateKeyAad(certificateId: string): string {
  return `Certificate/${certificateId}/privateKey`;
}

export function encryptPrivateKey(key: MasterKey, certificateId: string, pkcs8Pem: string): string {
  return encryptValue(key, pkcs8Pem, privateKeyAad(certificateId));
}

export function decryptPrivateKey(key: MasterKey, certificateId: string, envelope: string): string {
  return decryptValue(key, envelope, privateKeyAad(certificateId));
}
