import { createPrivateKey, type KeyObject } from 'node:crypto';
import { assertInputSize, errorMessage, invalid, toBytes, type BinaryOrText } from './input';
import { looksLikePem, splitPem } from './pem';

const KEY_LABELS = ['PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY'];

/**
 * Reads one private key: PEM PKCS#8 (plain or encrypted), PKCS#1 `RSA PRIVATE KEY`, SEC1 `EC PRIVATE KEY`
 * (OpenSSL's legacy encrypted PEM too), or DER PKCS#8/SEC1/PKCS#1. The first key block of a PEM bundle is used.
 * Only RSA, EC and Ed25519/Ed448 keys are accepted: the algorithms the certificates here are made with.
 */
export function parsePrivateKey(input: BinaryOrText, passphrase?: string, path = 'key'): KeyObject {
  assertInputSize(input, path);
  const bytes = toBytes(input);
  let key: KeyObject;
  if (typeof input === 'string' || looksLikePem(bytes)) {
    const block = splitPem(bytes.toString('utf8'), path).find((b) => KEY_LABELS.includes(b.label));
    if (!block) throw invalid(`${path} holds no private key PEM block (expected one of: ${KEY_LABELS.join(', ')})`, path);
    // An encrypted block that fails to open with a passphrase given was opened with the wrong one, whatever OpenSSL
    // says: with a wrong key the padding check passes ~1 time in 256 and the decoder then fails on garbage.
    const encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(block.text);
    key = createKey(() => createPrivateKey({ key: block.text, format: 'pem', passphrase }), path, encrypted && passphrase !== undefined);
  } else {
    key = createKey(() => derKey(bytes, passphrase), path);
  }
  return checkKeyType(key, path);
}

function derKey(der: Buffer, passphrase?: string): KeyObject {
  const errors: unknown[] = [];
  for (const type of ['pkcs8', 'sec1', 'pkcs1'] as const) {
    try {
      return createPrivateKey({ key: der, format: 'der', type, passphrase });
    } catch (e) {
      // A passphrase problem is the real answer; keep trying other encodings only for structural failures.
      if (isPassphraseError(e)) throw e;
      errors.push(e);
    }
  }
  throw errors[0];
}

function createKey(make: () => KeyObject, path: string, encryptedWithPassphrase = false): KeyObject {
  try {
    return make();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (encryptedWithPassphrase) throw invalid(`wrong passphrase for ${path}`, path);
    // Without a passphrase OpenSSL 3 reports an encrypted PEM key as "interrupted or cancelled" (its prompt callback).
    if (code === 'ERR_MISSING_PASSPHRASE' || code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED') throw invalid(`${path} is encrypted; a passphrase is required`, path);
    if (isPassphraseError(e)) throw invalid(`wrong passphrase for ${path}`, path);
    throw invalid(`${path} is not a readable private key: ${errorMessage(e)}`, path);
  }
}

function isPassphraseError(e: unknown): boolean {
  const text = `${(e as { code?: string }).code ?? ''} ${errorMessage(e)}`;
  return /ERR_MISSING_PASSPHRASE|bad decrypt|BAD_DECRYPT|wrong password|interrupted or cancelled/i.test(text);
}

/** RSA-PSS-only, DSA and DH keys are refused by name rather than failing later at signing time. */
export function checkKeyType(key: KeyObject, path = 'key'): KeyObject {
  const type = key.asymmetricKeyType;
  if (type === 'rsa' || type === 'ec' || type === 'ed25519' || type === 'ed448') return key;
  throw invalid(`${path} is a ${type ?? 'symmetric'} key; supported are RSA, ECDSA and Ed25519 keys`, path);
}
