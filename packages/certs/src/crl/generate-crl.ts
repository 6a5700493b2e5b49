import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { CRLReason, CertificateList, Extension, RevokedCertificate, TBSCertList, Time, Version } from '@peculiar/asn1-x509';
import { DomainError, type ErrorDetail } from '@gatehouse/domain/errors/domain-error';
import { toPem } from '../parse/pem';
import { authorityKeyIdentifierExtension, keyIdentifier, toArrayBuffer } from '../x509/extensions';
import { resolveIssuer, type IssuerInput } from '../x509/issue-certificate';
import { OID } from '../x509/oid-names';
import { readExtensions } from '../x509/read-extensions';
import { serialFromHex } from '../x509/serial';
import { algorithmIdentifierFor, signBytes, signatureSchemeFor } from '../x509/signature';
import { CRL_REASONS, isCrlReason, type CrlReason } from './crl-reasons';

export interface RevokedEntry {
  serialHex: string;
  revokedAt: Date;
  reason: CrlReason;
}

export interface GenerateCrlRequest {
  issuer: IssuerInput;
  revoked: readonly RevokedEntry[];
  thisUpdate: Date;
  nextUpdate: Date;
  /** Monotonically increasing per issuer (RFC 5280 §5.2.3); at most 20 octets. */
  crlNumber: number | bigint;
}

/**
 * Signs an X.509 v2 CRL (RFC 5280 §5) with the issuer's key: authorityKeyIdentifier and cRLNumber extensions,
 * nextUpdate always present (§5.1.2.5 requires it of conforming CAs), a reasonCode entry extension unless the
 * reason is `unspecified` (§5.3.1: SHOULD be absent rather than 0). The issuer must be a CA whose keyUsage, if
 * present, includes cRLSign, and the key must match its certificate.
 */
export function generateCrl(request: GenerateCrlRequest): { pem: string; der: Buffer } {
  const issuer = resolveIssuer(request.issuer);
  const ext = readExtensions(issuer.cert.asn.tbsCertificate.extensions, 'issuer.cert');
  const problems: ErrorDetail[] = [];
  if (!issuer.cert.x509.checkPrivateKey(issuer.key)) problems.push({ path: 'issuer.key', message: 'issuer key does not match the issuer certificate' });
  if (ext.keyUsage && !ext.keyUsage.includes('cRLSign')) problems.push({ path: 'issuer.cert', message: 'issuer certificate lacks cRLSign key usage (RFC 5280 §4.2.1.3)' });
  if (!validDate(request.thisUpdate)) problems.push({ path: 'thisUpdate', message: 'thisUpdate is not a valid date' });
  if (!validDate(request.nextUpdate) || (validDate(request.thisUpdate) && request.nextUpdate <= request.thisUpdate)) {
    problems.push({ path: 'nextUpdate', message: 'nextUpdate must be a valid date later than thisUpdate' });
  }
  const crlNumber = typeof request.crlNumber === 'bigint' ? request.crlNumber : Number.isSafeInteger(request.crlNumber) ? BigInt(request.crlNumber) : -1n;
  if (crlNumber < 0n || crlNumber >= 1n << 159n) problems.push({ path: 'crlNumber', message: 'crlNumber must be a non-negative integer of at most 20 octets' });
  const entries = request.revoked.map((entry, i) => revokedEntry(entry, i, problems));
  if (problems.length > 0) throw new DomainError('invalid', problems.map((p) => p.message).join('; '), problems);

  const scheme = signatureSchemeFor(issuer.key);
  const algorithm = algorithmIdentifierFor(scheme);
  const issuerKeyId = ext.subjectKeyId ?? keyIdentifier(issuer.cert.asn.tbsCertificate.subjectPublicKeyInfo);
  const tbs = new TBSCertList({
    version: Version.v2,
    signature: algorithm,
    issuer: issuer.cert.asn.tbsCertificate.subject,
    thisUpdate: new Time(request.thisUpdate),
    nextUpdate: new Time(request.nextUpdate),
    ...(entries.length > 0 ? { revokedCertificates: entries.filter((e): e is RevokedCertificate => e !== undefined) } : {}),
    crlExtensions: [
      authorityKeyIdentifierExtension(issuerKeyId),
      new Extension({ extnID: OID.cRLNumber, critical: false, extnValue: new OctetString(derInteger(crlNumber)) }),
    ],
  });
  const signature = signBytes(scheme, new Uint8Array(AsnConvert.serialize(tbs)), issuer.key);
  const der = Buffer.from(AsnConvert.serialize(new CertificateList({ tbsCertList: tbs, signatureAlgorithm: algorithm, signature: toArrayBuffer(signature) })));
  return { pem: toPem('X509 CRL', der), der };
}

function revokedEntry(entry: RevokedEntry, i: number, problems: ErrorDetail[]): RevokedCertificate | undefined {
  const path = `revoked[${i}]`;
  if (!isCrlReason(entry.reason)) {
    problems.push({ path: `${path}.reason`, message: `unknown CRL reason '${String(entry.reason)}' (RFC 5280 §5.3.1 names: ${Object.keys(CRL_REASONS).join(', ')})` });
    return undefined;
  }
  if (!validDate(entry.revokedAt)) {
    problems.push({ path: `${path}.revokedAt`, message: 'revokedAt is not a valid date' });
    return undefined;
  }
  let serial: Buffer;
  try {
    serial = serialFromHex(entry.serialHex, `${path}.serialHex`);
  } catch (e) {
    problems.push({ path: `${path}.serialHex`, message: e instanceof Error ? e.message : String(e) });
    return undefined;
  }
  const code = CRL_REASONS[entry.reason];
  return new RevokedCertificate({
    userCertificate: toArrayBuffer(serial),
    revocationDate: new Time(entry.revokedAt),
    ...(code !== 0 ? { crlEntryExtensions: [new Extension({ extnID: OID.cRLReason, critical: false, extnValue: new OctetString(AsnConvert.serialize(new CRLReason(code))) })] } : {}),
  });
}

/** DER INTEGER of a non-negative bigint, minimal length with a sign byte when the top bit is set (X.690 §8.3). */
function derInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let content = Buffer.from(hex, 'hex');
  if ((content[0] ?? 0) & 0x80) content = Buffer.concat([Buffer.from([0]), content]);
  return Buffer.concat([Buffer.from([0x02, content.length]), content]);
}

function validDate(d: unknown): d is Date {
  return d instanceof Date && !Number.isNaN(d.getTime());
}
