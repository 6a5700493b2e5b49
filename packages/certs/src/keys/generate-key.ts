import { generateKeyPair as generateNative, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { invalid } from '../parse/input';
import { describeKey, type KeyInfo } from './key-info';

const generate = promisify(generateNative);

/** Which key to make. Ed25519 only where the consumer supports it (OpenSSL, Node and Go do; browsers do not). */
export type KeySpec =
  | { algorithm: 'rsa'; size?: 2048 | 3072 | 4096 }
  | { algorithm: 'ecdsa'; curve?: 'P-256' | 'P-384' }
  | { algorithm: 'ed25519' };

/** The product default: ECDSA P-256 is ~4000x cheaper to generate than RSA-2048 and accepted by every TLS peer. */
export const DEFAULT_KEY_SPEC: KeySpec = { algorithm: 'ecdsa', curve: 'P-256' };

export interface GeneratedKeyPair {
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  /** SPKI PEM (`BEGIN PUBLIC KEY`). */
  publicKeyPem: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  info: KeyInfo;
}

const RSA_SIZES = [2048, 3072, 4096];
const EC_CURVES: Record<string, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1' };

/**
 * Generates a key pair with node:crypto's native (OpenSSL) generator on the libuv thread pool, so even RSA-4096
 * does not block the event loop. Never node-forge: its pure-JS RSA-2048 takes ~1.2 s (proxy-performance.md).
 */
export async function generateKeyPair(spec: KeySpec = DEFAULT_KEY_SPEC): Promise<GeneratedKeyPair> {
  const { privateKey, publicKey } = await generateFor(spec);
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privateKey,
    publicKey,
    info: describeKey(publicKey),
  };
}

function generateFor(spec: KeySpec): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  // Specs arrive from REST bodies too, so the union is re-checked at run time.
  const loose = spec as { algorithm?: unknown; size?: unknown; curve?: unknown };
  if (loose.algorithm === 'rsa') {
    const size = loose.size ?? 2048;
    if (typeof size !== 'number' || !RSA_SIZES.includes(size)) throw invalid(`RSA key size must be one of ${RSA_SIZES.join(', ')}`, 'size');
    return generate('rsa', { modulusLength: size, publicExponent: 0x10001 });
  }
  if (loose.algorithm === 'ecdsa') {
    const curve = EC_CURVES[typeof loose.curve === 'string' ? loose.curve : 'P-256'];
    if (!curve || (loose.curve !== undefined && typeof loose.curve !== 'string')) throw invalid('ECDSA curve must be P-256 or P-384', 'curve');
    return generate('ec', { namedCurve: curve });
  }
  if (loose.algorithm === 'ed25519') return generate('ed25519', {});
  throw invalid(`unknown key algorithm '${String(loose.algorithm)}' (use rsa, ecdsa or ed25519)`, 'algorithm');
}
