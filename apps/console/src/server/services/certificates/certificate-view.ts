import type { CertificateDetail, CertificateSummary } from '@gatehouse/domain/certificate/certificate.schema';
import { certificateState } from '@gatehouse/domain/certificate/certificate-state';
import { isRenewalDue, renewalDueAt } from '@gatehouse/domain/certificate/renewal-schedule';
import { describeCertificate } from '@gatehouse/certs/x509/describe-certificate';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { chainOf } from './certificate-record';
import { parseJsonList, type CertificateRow } from './certificate-row';

/** The columns a list item needs: everything but the PEM text (the bulk of a row), read only for details. */
export type SummaryRow = Omit<CertificateRow, 'certificatePem' | 'chainPem' | 'issueParams'>;

export const SUMMARY_SELECT = {
  id: true, name: true, purpose: true, origin: true, subject: true, commonName: true, issuerName: true, sans: true, serialHex: true,
  notBefore: true, notAfter: true, keyAlgorithm: true, keySize: true, curve: true, fingerprintSha1: true, fingerprintSha256: true,
  isCA: true, pathLen: true, keyUsage: true, extKeyUsage: true, subjectKeyId: true, authorityKeyId: true, isSelfSigned: true,
  issuerId: true, privateKey: true, autoRenew: true, revokedAt: true, revocationReason: true, renewedFromId: true, supersededById: true,
  createdAt: true, updatedAt: true,
} as const satisfies Record<keyof SummaryRow, true>;

/** Why Gatehouse cannot renew this certificate, or undefined when it can (it holds the signing key). */
export function renewalObstacle(row: Pick<CertificateRow, 'revokedAt' | 'supersededById' | 'isSelfSigned' | 'privateKey' | 'issuerId'>): string | undefined {
  if (row.revokedAt !== null) return 'it is revoked';
  if (row.supersededById !== null) return `it was already renewed (by ${row.supersededById}); renew the newest certificate`;
  if (row.isSelfSigned) return row.privateKey === null ? 'it is self-signed and Gatehouse does not hold its key' : undefined;
  if (row.issuerId === null) return 'its issuer is not a CA in the inventory (import the renewed certificate instead)';
  return undefined;
}

/** A row as list items show it. Never the private key: only whether there is one. */
export function toSummary(row: SummaryRow, now: Date): CertificateSummary {
  const renewable = renewalObstacle(row) === undefined;
  const lineageOpen = row.revokedAt === null && row.supersededById === null;
  return {
    id: row.id,
    name: row.name,
    purpose: row.purpose as CertificateSummary['purpose'],
    origin: row.origin as CertificateSummary['origin'],
    state: certificateState(row, now),
    subject: row.subject,
    commonName: row.commonName,
    issuer: row.issuerName,
    issuerId: row.issuerId,
    sans: JSON.parse(row.sans) as CertificateSummary['sans'],
    serialHex: row.serialHex,
    notBefore: row.notBefore.toISOString(),
    notAfter: row.notAfter.toISOString(),
    keyAlgorithm: row.keyAlgorithm,
    keySize: row.keySize,
    curve: row.curve,
    fingerprints: { sha1: row.fingerprintSha1, sha256: row.fingerprintSha256 },
    isCA: row.isCA,
    pathLen: row.pathLen,
    keyUsage: parseJsonList(row.keyUsage),
    extKeyUsage: parseJsonList(row.extKeyUsage),
    isSelfSigned: row.isSelfSigned,
    hasPrivateKey: row.privateKey !== null,
    autoRenew: row.autoRenew,
    renewalDueAt: row.autoRenew && renewable && lineageOpen ? renewalDueAt(row.notBefore, row.notAfter).toISOString() : null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revocationReason: row.revocationReason,
    renewedFromId: row.renewedFromId,
    supersededById: row.supersededById,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toDetail(row: CertificateRow, now: Date): CertificateDetail {
  return {
    ...toSummary(row, now),
    subjectKeyId: row.subjectKeyId,
    authorityKeyId: row.authorityKeyId,
    pem: row.certificatePem,
    chain: chainOf(row),
    text: describeCertificate(row.certificatePem),
  };
}

/** Whether the auto-renew timer should renew this row now (the pure rule plus what only the row knows). */
export function isRowRenewalDue(row: CertificateRow, now: Date): boolean {
  return isRenewalDue({ ...row, renewable: renewalObstacle(row) === undefined }, now);
}

/**
 * How a certificate appears in audit events: its public metadata as a Kubernetes-shaped object, so the audit
 * log shows certificate changes like any other change. The private key is never part of it.
 */
export function toAuditObject(row: CertificateRow): KubeObject {
  return {
    apiVersion: 'gatehouse.dev/v1',
    kind: 'Certificate',
    metadata: { name: row.id },
    spec: {
      name: row.name,
      purpose: row.purpose,
      origin: row.origin,
      subject: row.subject,
      issuer: row.issuerName,
      issuerId: row.issuerId,
      serialHex: row.serialHex,
      notBefore: row.notBefore.toISOString(),
      notAfter: row.notAfter.toISOString(),
      sans: JSON.parse(row.sans) as unknown,
      fingerprintSha256: row.fingerprintSha256,
      isCA: row.isCA,
      hasPrivateKey: row.privateKey !== null,
      autoRenew: row.autoRenew,
      revokedAt: row.revokedAt?.toISOString() ?? null,
      revocationReason: row.revocationReason,
      renewedFromId: row.renewedFromId,
      supersededById: row.supersededById,
    },
  };
}

export const CERTIFICATE_AUDIT_REF = (id: string) => ({ group: 'gatehouse.dev', kind: 'Certificate', namespace: '', name: id });

/** A short human label: the subject, or the SANs when the subject is empty. */
export function describeRow(row: Pick<CertificateRow, 'subject' | 'sans'>): string {
  if (row.subject !== '') return row.subject;
  const sans = JSON.parse(row.sans) as Record<string, string[]>;
  return Object.values(sans).flat().join(', ');
}
