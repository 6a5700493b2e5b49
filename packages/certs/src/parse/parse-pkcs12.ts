import { createHmac, createPrivateKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { id_data, id_encryptedData } from '@peculiar/asn1-cms';
import { AuthenticatedSafe, CertBag, PFX, SafeContents, id_certBag, id_keyBag, id_pkcs8ShroudedKeyBag, id_SafeContents, id_x509Certificate, type SafeBag } from '@peculiar/asn1-pfx';
import { EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { describeKey, type KeyInfo } from '../keys/key-info';
import { certificateFromDer, type LoadedCertificate } from '../x509/load-certificate';
import { measureDer } from './der-length';
import { assertInputSize, errorMessage, invalid, toBytes } from './input';
import { checkKeyType } from './parse-private-key';
import { DecryptError, decryptPbe } from './pkcs12-ciphers';
import { KDF_ID, bmpPassword, pkcs12Kdf } from './pkcs12-kdf';
import { EncryptedData } from './pkcs12-schemas';

/** A private key read from a container, with its PKCS#8 PEM. */
export interface ParsedPrivateKey {
  keyObject: KeyObject;
  pem: string;
  info: KeyInfo;
}

/** The contents of a PKCS#12 file: the key, the certificate for that key, and the other certificates (issuer order). */
export interface Pkcs12Contents {
  key: ParsedPrivateKey | null;
  cert: string | null;
  chain: string[];
}

const MAC_DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const LOCAL_KEY_ID = '1.2.840.113549.1.9.21';
const WRONG_PASSWORD = 'wrong password for PKCS#12';

/**
 * Opens a PKCS#12 (.p12/.pfx) file in password-integrity mode (RFC 7292 §4): both OpenSSL 3's default profile
 * (PBES2/PBKDF2-SHA256/AES-256-CBC, SHA-256 MAC) and the `-legacy` one (SHA-1 PBE with 3DES for keys and RC2-40
 * for certificates, SHA-1 MAC). A wrong or missing password → DomainError invalid 'wrong password for PKCS#12'.
 * With no password given, the empty and the absent password are both tried, as OpenSSL does.
 */
export function parsePkcs12(input: Uint8Array, password?: string): Pkcs12Contents {
  assertInputSize(input, 'pkcs12');
  const pfx = readPfx(toBytes(input));
  let authSafeDer: Buffer;
  try {
    authSafeDer = octets(pfx.authSafe.content, 'authSafe');
  } catch (e) {
    throw invalid(`pkcs12 is not a PKCS#12 file: ${errorMessage(e)}`, 'pkcs12');
  }
  const candidates: (string | null)[] = password === undefined || password === '' ? ['', null] : [password];
  const hasMac = hasMacData(pfx);
  const passing = hasMac ? candidates.filter((p) => macMatches(pfx, authSafeDer, p)) : candidates;
  for (const candidate of passing) {
    try {
      return assemble(readBags(authSafeDer, candidate));
    } catch (e) {
      if (!(e instanceof DecryptError)) throw e;
      // The MAC proved the password, so a failure to decrypt or parse is damage, not a wrong password.
      if (hasMac) throw invalid(`pkcs12 is corrupt: ${e.message}`, 'pkcs12');
    }
  }
  throw invalid(WRONG_PASSWORD, 'password');
}

function readPfx(der: Buffer): PFX {
  if (der[0] !== 0x30) throw invalid(`pkcs12 is not DER (first byte 0x${(der[0] ?? 0).toString(16)}); PEM is not a PKCS#12 container`, 'pkcs12');
  const total = measureDer(der, 'pkcs12');
  if (total !== undefined && total !== der.length) throw invalid(`pkcs12 has ${der.length - total} bytes after its DER structure`, 'pkcs12');
  let pfx: PFX;
  try {
    pfx = AsnConvert.parse(der, PFX);
  } catch (e) {
    throw invalid(`pkcs12 is not a PKCS#12 file (truncated or not PFX): ${errorMessage(e)}`, 'pkcs12');
  }
  if (pfx.version !== 3) throw invalid(`pkcs12 has version ${pfx.version}; only version 3 exists (RFC 7292 §4)`, 'pkcs12');
  if (pfx.authSafe.contentType !== id_data) throw invalid('pkcs12 uses public-key integrity mode, which is not supported', 'pkcs12');
  return pfx;
}

// asn1-pfx fills in an empty MacData when the optional field is absent (`openssl pkcs12 -nomac`).
function hasMacData(pfx: PFX): boolean {
  return Boolean(pfx.macData?.mac.digestAlgorithm.algorithm);
}

/** HMAC over the AuthenticatedSafe with a key from the PKCS#12 KDF (RFC 7292 §5 and Appendix B). */
function macMatches(pfx: PFX, authSafeDer: Buffer, password: string | null): boolean {
  const mac = pfx.macData;
  const hash = MAC_DIGESTS[mac.mac.digestAlgorithm.algorithm];
  if (!hash) throw invalid(`pkcs12 uses an unsupported MAC digest ${mac.mac.digestAlgorithm.algorithm}`, 'pkcs12');
  const expected = Buffer.from(mac.mac.digest.buffer);
  const iterations = mac.iterations ?? 1;
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > 10_000_000) throw invalid(`pkcs12 MAC iteration count ${iterations} is implausible`, 'pkcs12');
  const key = pkcs12Kdf(hash, bmpPassword(password), new Uint8Array(mac.macSalt.buffer), KDF_ID.mac, iterations, expected.length);
  const actual = createHmac(hash, key).update(authSafeDer).digest();
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

interface Bags {
  keys: { der: Buffer; localKeyId?: string }[];
  certs: { der: Buffer; localKeyId?: string }[];
}

function readBags(authSafeDer: Buffer, password: string | null): Bags {
  const bags: Bags = { keys: [], certs: [] };
  const safe = parseOr(authSafeDer, AuthenticatedSafe, 'AuthenticatedSafe');
  for (const info of safe) {
    if (info.contentType === id_data) {
      collect(parseOr(octets(info.content, 'SafeContents'), SafeContents, 'SafeContents'), password, bags);
    } else if (info.contentType === id_encryptedData) {
      const encrypted = parseOr(info.content, EncryptedData, 'EncryptedData').encryptedContentInfo;
      const content = encrypted.encryptedContent?.value?.buffer ?? concat(encrypted.encryptedContent?.constructedValue ?? []);
      const plain = decrypt(() => decryptPbe(encrypted.contentEncryptionAlgorithm, new Uint8Array(content), password));
      collect(parseOr(plain, SafeContents, 'SafeContents'), password, bags);
    } else {
      throw invalid(`pkcs12 holds a ${info.contentType} safe (envelopedData is not supported)`, 'pkcs12');
    }
  }
  return bags;
}

function collect(contents: SafeContents, password: string | null, bags: Bags): void {
  for (const bag of contents) {
    const localKeyId = attribute(bag, LOCAL_KEY_ID);
    const value = bag.bagValue;
    if (bag.bagId === id_keyBag) {
      bags.keys.push({ der: Buffer.from(value), ...(localKeyId ? { localKeyId } : {}) });
    } else if (bag.bagId === id_pkcs8ShroudedKeyBag) {
      const info = parseOr(value, EncryptedPrivateKeyInfo, 'EncryptedPrivateKeyInfo');
      const der = decrypt(() => decryptPbe(info.encryptionAlgorithm, new Uint8Array(info.encryptedData.buffer), password));
      bags.keys.push({ der, ...(localKeyId ? { localKeyId } : {}) });
    } else if (bag.bagId === id_certBag) {
      const cert = parseOr(value, CertBag, 'CertBag');
      if (cert.certId !== id_x509Certificate) continue; // SDSI certificates: nothing to do with them here.
      bags.certs.push({ der: octets(cert.certValue, 'CertBag'), ...(localKeyId ? { localKeyId } : {}) });
    } else if (bag.bagId === id_SafeContents) {
      collect(parseOr(value, SafeContents, 'SafeContents'), password, bags);
    }
    // CRL and secret bags are skipped: the console stores keys and certificates only.
  }
}

function assemble(bags: Bags): Pkcs12Contents {
  if (bags.keys.length > 1) throw invalid(`pkcs12 holds ${bags.keys.length} private keys; only one is supported`, 'pkcs12');
  const certs = bags.certs.map((c, i) => ({ ...c, loaded: certificateFromDer(c.der, `pkcs12 certificate #${i + 1}`) }));
  const keyBag = bags.keys[0];
  if (!keyBag) return { key: null, cert: null, chain: certs.map((c) => c.loaded.pem) };
  const key = toParsedKey(keyBag.der);
  const own =
    certs.find((c) => keyBag.localKeyId !== undefined && c.localKeyId === keyBag.localKeyId && c.loaded.x509.checkPrivateKey(key.keyObject)) ??
    certs.find((c) => c.loaded.x509.checkPrivateKey(key.keyObject));
  const others = certs.filter((c) => c !== own).map((c) => c.loaded);
  return { key, cert: own?.loaded.pem ?? null, chain: own ? issuerOrder(own.loaded, others) : others.map((c) => c.pem) };
}

function toParsedKey(der: Buffer): ParsedPrivateKey {
  let keyObject: KeyObject;
  try {
    keyObject = checkKeyType(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }), 'pkcs12 key');
  } catch (e) {
    if (e instanceof Error && e.name === 'DomainError') throw e;
    throw invalid(`pkcs12 private key is unreadable: ${errorMessage(e)}`, 'pkcs12');
  }
  return { keyObject, pem: keyObject.export({ format: 'pem', type: 'pkcs8' }).toString(), info: describeKey(keyObject) };
}

/** Other certificates ordered by following issuers up from the key's certificate; unrelated ones keep file order at the end. */
function issuerOrder(start: LoadedCertificate, others: LoadedCertificate[]): string[] {
  const rest = [...others];
  const ordered: string[] = [];
  let current = start;
  for (;;) {
    const index = rest.findIndex((c) => current.x509.checkIssued(c.x509) && c.x509.subject !== current.x509.subject);
    const next = rest[index];
    if (!next) break;
    ordered.push(next.pem);
    rest.splice(index, 1);
    current = next;
  }
  return [...ordered, ...rest.map((c) => c.pem)];
}

function decrypt(run: () => Buffer): Buffer {
  try {
    return run();
  } catch (e) {
    if (e instanceof DecryptError) throw e;
    throw invalid(`pkcs12 cannot be decrypted: ${errorMessage(e)}`, 'pkcs12');
  }
}

function attribute(bag: SafeBag, oid: string): string | undefined {
  const attr = bag.bagAttributes?.find((a) => a.attrId === oid);
  const value = attr?.attrValues[0];
  return value ? Buffer.from(value).toString('hex') : undefined;
}

function octets(der: ArrayBuffer, what: string): Buffer {
  return Buffer.from(parseOr(der, OctetString, what).buffer);
}

function parseOr<T>(der: ArrayBuffer | Uint8Array, type: new () => T, what: string): T {
  try {
    return AsnConvert.parse(der, type);
  } catch (e) {
    // After a verified MAC, a structure that does not parse means corruption; without a MAC it usually means a wrong
    // password produced plausible padding, so it is reported as a decryption failure to let the next candidate try.
    throw new DecryptError(`${what} is malformed: ${errorMessage(e)}`);
  }
}

function concat(parts: OctetString[]): ArrayBuffer {
  const joined = Buffer.concat(parts.map((p) => Buffer.from(p.buffer)));
  return joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength) as ArrayBuffer;
}
