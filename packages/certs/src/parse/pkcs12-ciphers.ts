import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { KDF_ID, bmpPassword, pkcs12Kdf } from './pkcs12-kdf';
import { Pbes2Params, Pbkdf2Params, Pkcs12PbeParams } from './pkcs12-schemas';

const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';
const PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
const PBES2_CIPHERS: Record<string, { cipher: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { cipher: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { cipher: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { cipher: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { cipher: 'des-ede3-cbc', keyLength: 24 },
};
// RFC 7292 Appendix C. RC2 lives in OpenSSL 3's legacy provider, which Node 20 does not load, so it runs in forge.
const PKCS12_PBE: Record<string, { cipher: string; keyLength: number; rc2Bits?: number }> = {
  '1.2.840.113549.1.12.1.3': { cipher: 'des-ede3-cbc', keyLength: 24 },
  '1.2.840.113549.1.12.1.4': { cipher: 'des-ede-cbc', keyLength: 16 },
  '1.2.840.113549.1.12.1.5': { cipher: 'rc2', keyLength: 16, rc2Bits: 128 },
  '1.2.840.113549.1.12.1.6': { cipher: 'rc2', keyLength: 5, rc2Bits: 40 },
};

/** Decryption failed: with a MAC-verified password this means corruption; without a MAC, most likely the password. */
export class DecryptError extends Error {}

/** Upper bound on iteration counts, so a hostile file cannot make the server hash for minutes. */
const MAX_ITERATIONS = 10_000_000;

/** Decrypts PBES2 (PBKDF2 + AES/3DES) or a legacy PKCS#12 PBE scheme (SHA-1 + 3DES/RC2). */
export function decryptPbe(algorithm: AlgorithmIdentifier, data: Uint8Array, password: string | null): Buffer {
  if (algorithm.algorithm === PBES2) return decryptPbes2(algorithm, data, password);
  const legacy = PKCS12_PBE[algorithm.algorithm];
  if (!legacy) throw new Error(`unsupported encryption algorithm ${algorithm.algorithm}`);
  const params = AsnConvert.parse(requireParams(algorithm), Pkcs12PbeParams);
  checkIterations(params.iterations);
  const pass = bmpPassword(password);
  const salt = new Uint8Array(params.salt.buffer);
  const key = pkcs12Kdf('sha1', pass, salt, KDF_ID.key, params.iterations, legacy.keyLength);
  const iv = pkcs12Kdf('sha1', pass, salt, KDF_ID.iv, params.iterations, 8);
  if (legacy.rc2Bits !== undefined) return decryptRc2(key, iv, data, legacy.rc2Bits);
  return decipher(legacy.cipher, key, iv, data);
}

function decryptPbes2(algorithm: AlgorithmIdentifier, data: Uint8Array, password: string | null): Buffer {
  const params = AsnConvert.parse(requireParams(algorithm), Pbes2Params);
  if (params.keyDerivationFunc.algorithm !== PBKDF2) throw new Error(`unsupported PBES2 key derivation ${params.keyDerivationFunc.algorithm}`);
  const kdf = AsnConvert.parse(requireParams(params.keyDerivationFunc), Pbkdf2Params);
  const scheme = PBES2_CIPHERS[params.encryptionScheme.algorithm];
  if (!scheme) throw new Error(`unsupported PBES2 cipher ${params.encryptionScheme.algorithm}`);
  const prf = PRFS[kdf.prf?.algorithm ?? '1.2.840.113549.2.7'];
  if (!prf) throw new Error(`unsupported PBKDF2 PRF ${kdf.prf?.algorithm ?? ''}`);
  checkIterations(kdf.iterationCount);
  const iv = new Uint8Array(AsnConvert.parse(requireParams(params.encryptionScheme), OctetString).buffer);
  // PBES2 takes the password as raw bytes; OpenSSL passes UTF-8 (RFC 8018 §3 leaves the encoding open).
  const key = pbkdf2Sync(Buffer.from(password ?? '', 'utf8'), new Uint8Array(kdf.salt.buffer), kdf.iterationCount, kdf.keyLength ?? scheme.keyLength, prf);
  return decipher(scheme.cipher, key, iv, data);
}

function decipher(cipher: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  try {
    const d = createDecipheriv(cipher, key, iv);
    return Buffer.concat([d.update(data), d.final()]);
  } catch {
    throw new DecryptError('decryption failed (bad padding)');
  }
}

function decryptRc2(key: Buffer, iv: Buffer, data: Uint8Array, bits: number): Buffer {
  const cipher = forge.rc2.createDecryptionCipher(forge.util.createBuffer(key.toString('binary')), bits);
  cipher.start(forge.util.createBuffer(iv.toString('binary')));
  cipher.update(forge.util.createBuffer(Buffer.from(data).toString('binary')));
  if (!cipher.finish()) throw new DecryptError('decryption failed (bad padding)');
  return Buffer.from(cipher.output.getBytes(), 'binary');
}

function requireParams(algorithm: AlgorithmIdentifier): ArrayBuffer {
  if (!algorithm.parameters) throw new Error(`algorithm ${algorithm.algorithm} has no parameters`);
  return algorithm.parameters;
}

function checkIterations(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_ITERATIONS) throw new Error(`implausible iteration count ${n}`);
}

/** PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, OpenSSL 3's `pkcs12 -export` default (2048 iterations, 8-byte salt). */
export function encryptPbes2(data: Uint8Array, password: string, iterations = 2048): { algorithm: AlgorithmIdentifier; encrypted: Buffer } {
  const salt = randomBytes(8);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const c = createCipheriv('aes-256-cbc', key, iv);
  const encrypted = Buffer.concat([c.update(data), c.final()]);
  const kdf = new Pbkdf2Params();
  kdf.salt = new OctetString(salt);
  kdf.iterationCount = iterations;
  kdf.prf = new AlgorithmIdentifier({ algorithm: '1.2.840.113549.2.9', parameters: null });
  const params = new Pbes2Params();
  params.keyDerivationFunc = new AlgorithmIdentifier({ algorithm: PBKDF2, parameters: AsnConvert.serialize(kdf) });
  params.encryptionScheme = new AlgorithmIdentifier({ algorithm: '2.16.840.1.101.3.4.1.42', parameters: AsnConvert.serialize(new OctetString(iv)) });
  return { algorithm: new AlgorithmIdentifier({ algorithm: PBES2, parameters: AsnConvert.serialize(params) }), encrypted };
}
