import { createHash, createHmac, randomBytes } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { ContentInfo, EncryptedContent, EncryptedContentInfo, id_data, id_encryptedData } from '@peculiar/asn1-cms';
import { AuthenticatedSafe, CertBag, MacData, PFX, PKCS12Attribute, SafeBag, SafeContents, id_certBag, id_pkcs8ShroudedKeyBag, id_x509Certificate } from '@peculiar/asn1-pfx';
import { EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { toPrivateKey, type KeyInput } from '../keys/key-input';
import { loadCertificate, type CertificateInput } from '../x509/load-certificate';
import { invalid } from './input';
import { encryptPbes2 } from './pkcs12-ciphers';
import { KDF_ID, bmpPassword, pkcs12Kdf } from './pkcs12-kdf';
import { EncryptedData } from './pkcs12-schemas';

export interface BuildPkcs12Request {
  key: KeyInput;
  cert: CertificateInput;
  /** Issuer certificates, leaf's issuer first. */
  chain?: readonly CertificateInput[];
  password: string;
  /** Shown by Windows and Java key stores as the entry's name. */
  friendlyName?: string;
}

const LOCAL_KEY_ID = '1.2.840.113549.1.9.21';
const FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const SHA256 = '2.16.840.1.101.3.4.2.1';
const ITERATIONS = 2048;

/**
 * Writes a PKCS#12 file in OpenSSL 3's default ("modern") profile: certificates in a PBES2 (PBKDF2-HMAC-SHA256,
 * AES-256-CBC) EncryptedData, the key in a PBES2 pkcs8ShroudedKeyBag, a SHA-256 MAC; 2048 iterations throughout.
 * Key and certificate share a localKeyId (SHA-1 of the certificate), as OpenSSL writes it. Readers that only know
 * the legacy profile (Java < 8u301, Windows < Server 2019) cannot open it.
 * @see https://www.rfc-editor.org/rfc/rfc7292
 */
export function buildPkcs12(request: BuildPkcs12Request): Buffer {
  const key = toPrivateKey(request.key, 'key');
  const cert = loadCertificate(request.cert, 'cert');
  if (!cert.x509.checkPrivateKey(key)) throw invalid('key does not match the certificate', 'key');
  const chain = (request.chain ?? []).map((c, i) => loadCertificate(c, `chain[${i}]`));
  if (typeof request.password !== 'string') throw invalid('password is required', 'password');

  const localKeyId = createHash('sha1').update(cert.der).digest();
  const ownAttributes = [attribute(LOCAL_KEY_ID, AsnConvert.serialize(new OctetString(localKeyId)))];
  if (request.friendlyName) ownAttributes.push(attribute(FRIENDLY_NAME, bmpString(request.friendlyName)));

  const certBags = [cert, ...chain].map(
    (c, i) =>
      new SafeBag({
        bagId: id_certBag,
        bagValue: AsnConvert.serialize(new CertBag({ certId: id_x509Certificate, certValue: AsnConvert.serialize(new OctetString(c.der)) })),
        ...(i === 0 ? { bagAttributes: ownAttributes } : {}),
      }),
  );
  const certSafe = encryptPbes2(new Uint8Array(AsnConvert.serialize(new SafeContents(certBags))), request.password, ITERATIONS);
  const encryptedCerts = new EncryptedData();
  encryptedCerts.encryptedContentInfo = new EncryptedContentInfo({
    contentType: id_data,
    contentEncryptionAlgorithm: certSafe.algorithm,
    encryptedContent: new EncryptedContent({ value: new OctetString(certSafe.encrypted) }),
  });

  const pkcs8 = key.export({ format: 'der', type: 'pkcs8' });
  const keySafe = encryptPbes2(pkcs8, request.password, ITERATIONS);
  const shrouded = new EncryptedPrivateKeyInfo({ encryptionAlgorithm: keySafe.algorithm, encryptedData: new OctetString(keySafe.encrypted) });
  const keyBag = new SafeBag({ bagId: id_pkcs8ShroudedKeyBag, bagValue: AsnConvert.serialize(shrouded), bagAttributes: ownAttributes });

  const authSafe = new AuthenticatedSafe([
    new ContentInfo({ contentType: id_encryptedData, content: AsnConvert.serialize(encryptedCerts) }),
    new ContentInfo({ contentType: id_data, content: AsnConvert.serialize(new OctetString(AsnConvert.serialize(new SafeContents([keyBag])))) }),
  ]);
  const authSafeDer = Buffer.from(AsnConvert.serialize(authSafe));

  const macSalt = randomBytes(8);
  const macKey = pkcs12Kdf('sha256', bmpPassword(request.password), macSalt, KDF_ID.mac, ITERATIONS, 32);
  const macData = new MacData({ macSalt: new OctetString(macSalt), iterations: ITERATIONS });
  macData.mac.digestAlgorithm = new AlgorithmIdentifier({ algorithm: SHA256, parameters: null });
  macData.mac.digest = new OctetString(createHmac('sha256', macKey).update(authSafeDer).digest());

  const pfx = new PFX({ version: 3, authSafe: new ContentInfo({ contentType: id_data, content: AsnConvert.serialize(new OctetString(authSafeDer)) }), macData });
  return Buffer.from(AsnConvert.serialize(pfx));
}

// PKCS12Attribute's constructor ignores its argument (asn1-pfx 2.11), so the fields are set one by one.
function attribute(oid: string, value: ArrayBuffer): PKCS12Attribute {
  const attr = new PKCS12Attribute();
  attr.attrId = oid;
  attr.attrValues = [value];
  return attr;
}

/** BMPString (UTF-16BE), the type PKCS#9 friendlyName uses. */
function bmpString(text: string): ArrayBuffer {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) {
    be[i] = le[i + 1] ?? 0;
    be[i + 1] = le[i] ?? 0;
  }
  if (be.length > 127) throw invalid('friendlyName is too long', 'friendlyName');
  const der = Buffer.concat([Buffer.from([0x1e, be.length]), be]);
  return der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer;
}
