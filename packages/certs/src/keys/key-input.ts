import { KeyObject, createPublicKey } from 'node:crypto';
import { checkKeyType, parsePrivateKey } from '../parse/parse-private-key';
import { assertInputSize, errorMessage, invalid, toBytes } from '../parse/input';
import { looksLikePem } from '../parse/pem';

/** A key as callers hold it: a node:crypto KeyObject, PEM text, or DER bytes. */
export type KeyInput = KeyObject | string | Uint8Array;

/** A private KeyObject from any KeyInput. */
export function toPrivateKey(input: KeyInput, path = 'key'): KeyObject {
  if (input instanceof KeyObject) {
    if (input.type !== 'private') throw invalid(`${path} must be a private key, got a ${input.type} key`, path);
    return checkKeyType(input, path);
  }
  return parsePrivateKey(input, undefined, path);
}

/** A public KeyObject from any KeyInput; a private key yields its public half. */
export function toPublicKey(input: KeyInput, path = 'publicKey'): KeyObject {
  if (input instanceof KeyObject) {
    if (input.type === 'secret') throw invalid(`${path} must be an asymmetric key`, path);
    return checkKeyType(input.type === 'private' ? createPublicKey(input) : input, path);
  }
  assertInputSize(input, path);
  const bytes = toBytes(input);
  const isPem = typeof input === 'string' || looksLikePem(bytes);
  try {
    // createPublicKey reads SPKI/PKCS#1 public PEM and derives the public half of private PEM itself.
    const key = isPem ? createPublicKey(bytes.toString('utf8')) : createPublicKey({ key: bytes, format: 'der', type: 'spki' });
    return checkKeyType(key, path);
  } catch (e) {
    if (!isPem) return createPublicKey(parsePrivateKey(bytes, undefined, path));
    throw invalid(`${path} is not a readable public or private key: ${errorMessage(e)}`, path);
  }
}
