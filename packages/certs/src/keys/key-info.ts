import type { KeyObject } from 'node:crypto';
import { invalid } from '../parse/input';

export type KeyAlgorithm = 'rsa' | 'ecdsa' | 'ed25519' | 'ed448';
export type CurveName = 'P-256' | 'P-384' | 'P-521';

/** What a key is: algorithm, size in bits, and the curve for ECDSA. */
export interface KeyInfo {
  algorithm: KeyAlgorithm;
  /** Modulus length for RSA, field size for EC and EdDSA. */
  size: number;
  curve?: CurveName;
}

// node:crypto reports OpenSSL curve names; the product (and WebCrypto, RFC 5480) speaks NIST names.
const CURVES: Record<string, { name: CurveName; bits: number }> = {
  prime256v1: { name: 'P-256', bits: 256 },
  secp384r1: { name: 'P-384', bits: 384 },
  secp521r1: { name: 'P-521', bits: 521 },
};

/** Algorithm and size of a public or private key. */
export function describeKey(key: KeyObject): KeyInfo {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { algorithm: 'rsa', size: details.modulusLength ?? 0 };
    case 'ec': {
      const curve = CURVES[details.namedCurve ?? ''];
      if (!curve) throw invalid(`EC curve ${details.namedCurve ?? '(unnamed)'} is not supported; use P-256 or P-384`, 'key');
      return { algorithm: 'ecdsa', size: curve.bits, curve: curve.name };
    }
    case 'ed25519':
      return { algorithm: 'ed25519', size: 256 };
    case 'ed448':
      return { algorithm: 'ed448', size: 456 };
    default:
      throw invalid(`${key.asymmetricKeyType ?? 'symmetric'} keys are not supported`, 'key');
  }
}
