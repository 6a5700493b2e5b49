import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Name, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { DomainError, type ErrorDetail } from '@gatehouse/domain/errors/domain-error';
import { toPrivateKey, toPublicKey, type KeyInput } from '../keys/key-input';
import { toPem } from '../parse/pem';
import { buildCertificate, spkiOf } from './build-certificate';
import { classifySans, type SanLists } from './classify-sans';
import {
  authorityKeyIdentifierExtension,
  basicConstraintsExtension,
  extKeyUsageExtension,
  keyIdentifier,
  keyUsageExtension,
  subjectAltNameExtension,
  subjectKeyIdentifierExtension,
} from './extensions';
import { loadCertificate, type CertificateInput, type LoadedCertificate } from './load-certificate';
import { buildName, isEmptyName, type DistinguishedName } from './names';
import { readExtensions } from './read-extensions';
import { randomSerial, serialFromHex, serialToHex } from './serial';
import { extKeyUsageOids, keyUsageMask, type ExtKeyUsageName, type KeyUsageName } from './usages';

/** The validity window; time is always passed in, never read from the clock here. */
export interface ValidityWindow {
  notBefore: Date;
  notAfter: Date;
}

/** A CA certificate and its private key. */
export interface IssuerInput {
  cert: CertificateInput;
  key: KeyInput;
}

interface IssueFields {
  /** May be empty (`{}`) when SANs are given (RFC 5280 §4.1.2.6). */
  subject: DistinguishedName;
  /** One free-form list, sorted by classifySans into DNS / IP / URI / e-mail. */
  sans?: readonly string[];
  validity: ValidityWindow;
  isCA: boolean;
  /** Only for CAs: how many intermediate CAs may follow below this one (0 = issues leaves only). */
  pathLen?: number;
  keyUsage: readonly (KeyUsageName | string)[];
  extKeyUsage: readonly (ExtKeyUsageName | string)[];
  /** Serial in hex; random 16 bytes when omitted. */
  serial?: string;
}

/** Self-signed (`issuer: 'self'`, signed with `privateKey`) or issued by a CA for `publicKey`. */
export type IssueCertificateRequest = IssueFields & ({ issuer: 'self'; privateKey: KeyInput } | { issuer: IssuerInput; publicKey: KeyInput });

export interface IssuedCertificate {
  pem: string;
  der: Buffer;
  serialHex: string;
}

/**
 * Builds and signs an X.509 v3 certificate. Refuses (DomainError 'invalid', one detail per problem): an issuer that
 * is not a CA or whose key does not match its certificate, a certificate that would outlive its issuer, a CA below
 * an issuer with pathLen 0, keyCertSign without CA, a CA without keyCertSign, and an empty subject without SANs.
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4
 */
export function issueCertificate(request: IssueCertificateRequest): IssuedCertificate {
  if (request.issuer === 'self') {
    const key = toPrivateKey(request.privateKey, 'privateKey');
    return issueResolved(resolveFields(request, createPublicKey(key)), { self: key });
  }
  const publicKey = toPublicKey(request.publicKey, 'publicKey');
  return issueResolved(resolveFields(request, publicKey), resolveIssuer(request.issuer));
}

/** The validated, encoded form of a request; signCsr builds one directly so the CSR's subject is kept verbatim. */
export interface ResolvedFields {
  subject: Name;
  sans: SanLists;
  spki: SubjectPublicKeyInfo;
  validity: ValidityWindow;
  isCA: boolean;
  pathLen?: number;
  keyUsage: number;
  extKeyUsage: string[];
  serial?: string;
}

/** A CA certificate (read) and its key. */
export interface CaIssuer {
  cert: LoadedCertificate;
  key: KeyObject;
}

export type ResolvedIssuer = { self: KeyObject } | CaIssuer;

export function resolveFields(fields: Omit<IssueFields, 'subject'> & { subject: DistinguishedName | Name }, publicKey: KeyObject): ResolvedFields {
  const subject = isName(fields.subject) ? fields.subject : buildName(fields.subject);
  return {
    subject,
    sans: classifySans(fields.sans ?? []),
    spki: spkiOf(publicKey),
    validity: { notBefore: toWholeSecond(fields.validity.notBefore), notAfter: toWholeSecond(fields.validity.notAfter) },
    isCA: fields.isCA,
    ...(fields.pathLen !== undefined ? { pathLen: fields.pathLen } : {}),
    keyUsage: keyUsageMask(fields.keyUsage),
    extKeyUsage: extKeyUsageOids(fields.extKeyUsage),
    ...(fields.serial !== undefined ? { serial: fields.serial } : {}),
  };
}

function isName(subject: DistinguishedName | Name): subject is Name {
  return Array.isArray(subject);
}

export function resolveIssuer(issuer: IssuerInput): CaIssuer {
  return { cert: loadCertificate(issuer.cert, 'issuer.cert'), key: toPrivateKey(issuer.key, 'issuer.key') };
}

const KEY_CERT_SIGN = 1 << 5;

export function issueResolved(fields: ResolvedFields, issuer: ResolvedIssuer): IssuedCertificate {
  const problems = checkFields(fields);
  if ('cert' in issuer) problems.push(...checkIssuer(fields, issuer));
  if (problems.length > 0) throw new DomainError('invalid', problems.map((p) => p.message).join('; '), problems);

  const serial = fields.serial !== undefined ? serialFromHex(fields.serial) : randomSerial();
  const subjectKeyId = keyIdentifier(fields.spki);
  const issuerKeyId = 'cert' in issuer ? (readExtensions(issuer.cert.asn.tbsCertificate.extensions).subjectKeyId ?? keyIdentifier(issuer.cert.asn.tbsCertificate.subjectPublicKeyInfo)) : subjectKeyId;
  const hasSans = fields.sans.dns.length + fields.sans.ip.length + fields.sans.uri.length + fields.sans.email.length > 0;
  const extensions = [
    basicConstraintsExtension(fields.isCA, fields.pathLen),
    ...(fields.keyUsage !== 0 ? [keyUsageExtension(fields.keyUsage)] : []),
    ...(fields.extKeyUsage.length > 0 ? [extKeyUsageExtension(fields.extKeyUsage)] : []),
    subjectKeyIdentifierExtension(subjectKeyId),
    authorityKeyIdentifierExtension(issuerKeyId),
    ...(hasSans ? [subjectAltNameExtension(fields.sans, isEmptyName(fields.subject))] : []),
  ];
  const der = buildCertificate({
    serial,
    subject: fields.subject,
    issuer: 'cert' in issuer ? issuer.cert.asn.tbsCertificate.subject : fields.subject,
    notBefore: fields.validity.notBefore,
    notAfter: fields.validity.notAfter,
    spki: fields.spki,
    extensions,
    signingKey: 'cert' in issuer ? issuer.key : issuer.self,
  });
  return { pem: toPem('CERTIFICATE', der), der, serialHex: serialToHex(serial) };
}

function checkFields(fields: ResolvedFields): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const { notBefore, notAfter } = fields.validity;
  if (!isDate(notBefore)) problems.push({ path: 'validity.notBefore', message: 'notBefore is not a valid date' });
  if (!isDate(notAfter)) problems.push({ path: 'validity.notAfter', message: 'notAfter is not a valid date' });
  if (isDate(notBefore) && isDate(notAfter) && notAfter.getTime() <= notBefore.getTime()) {
    problems.push({ path: 'validity.notAfter', message: 'notAfter must be later than notBefore' });
  }
  if (fields.pathLen !== undefined) {
    if (!fields.isCA) problems.push({ path: 'pathLen', message: 'pathLen is only meaningful for a CA (RFC 5280 §4.2.1.9)' });
    else if (!Number.isInteger(fields.pathLen) || fields.pathLen < 0 || fields.pathLen > 255) problems.push({ path: 'pathLen', message: 'pathLen must be an integer from 0 to 255' });
  }
  const certSign = (fields.keyUsage & KEY_CERT_SIGN) !== 0;
  if (certSign && !fields.isCA) problems.push({ path: 'keyUsage', message: 'keyCertSign requires isCA (RFC 5280 §4.2.1.3)' });
  if (fields.isCA && !certSign) problems.push({ path: 'keyUsage', message: 'a CA certificate needs keyCertSign (RFC 5280 §4.2.1.3)' });
  const hasSans = fields.sans.dns.length + fields.sans.ip.length + fields.sans.uri.length + fields.sans.email.length > 0;
  if (isEmptyName(fields.subject) && !hasSans) problems.push({ path: 'subject', message: 'an empty subject needs at least one SAN (RFC 5280 §4.1.2.6)' });
  return problems;
}

function checkIssuer(fields: ResolvedFields, issuer: CaIssuer): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const ext = readExtensions(issuer.cert.asn.tbsCertificate.extensions, 'issuer.cert');
  if (!issuer.cert.x509.checkPrivateKey(issuer.key)) problems.push({ path: 'issuer.key', message: 'issuer key does not match the issuer certificate' });
  if (!ext.basicConstraints?.isCA) problems.push({ path: 'issuer.cert', message: 'issuer certificate is not a CA (basicConstraints CA:FALSE or absent)' });
  if (ext.keyUsage && !ext.keyUsage.includes('keyCertSign')) problems.push({ path: 'issuer.cert', message: 'issuer certificate lacks keyCertSign key usage' });
  if (fields.isCA && ext.basicConstraints?.pathLen === 0) {
    problems.push({ path: 'isCA', message: 'issuer has pathLen 0 and cannot issue CA certificates (RFC 5280 §4.2.1.9)' });
  }
  const issuerNotAfter = issuer.cert.asn.tbsCertificate.validity.notAfter.getTime();
  if (isDate(fields.validity.notAfter) && fields.validity.notAfter.getTime() > issuerNotAfter.getTime()) {
    problems.push({ path: 'validity.notAfter', message: `certificate would outlive its issuer (issuer expires ${issuerNotAfter.toISOString()})` });
  }
  return problems;
}

/** X.509 times carry whole seconds (RFC 5280 §4.1.2.5.1/.2); checks run on the value that will be encoded. */
function toWholeSecond(date: Date): Date {
  return date instanceof Date ? new Date(Math.floor(date.getTime() / 1000) * 1000) : date;
}

function isDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime()) && value.getUTCFullYear() >= 1950 && value.getUTCFullYear() <= 9999;
}
