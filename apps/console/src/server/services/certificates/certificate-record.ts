import { decodeCertificate, type CertificateView } from '@gatehouse/certs/x509/decode-certificate';
import type { MasterKey } from '../../secrets/master-key';
import type { CertificateRow, IssueParams } from './certificate-row';
import { encryptPrivateKey } from './private-key-store';

export type CertificatePurpose = 'ca' | 'server' | 'client' | 'server+client' | 'other';
export type CertificateOrigin = 'generated' | 'imported' | 'csr';

/** What a certificate is for, read from its extensions (imports) — basicConstraints, then extKeyUsage. */
export function purposeOf(view: Pick<CertificateView, 'isCA' | 'extKeyUsage'>): CertificatePurpose {
  if (view.isCA) return 'ca';
  const eku = view.extKeyUsage ?? [];
  const server = eku.includes('serverAuth');
  const client = eku.includes('clientAuth');
  if (server && client) return 'server+client';
  if (server) return 'server';
  if (client) return 'client';
  return 'other';
}

export interface NewCertificate {
  id: string;
  name: string;
  purpose: CertificatePurpose;
  origin: CertificateOrigin;
  certificatePem: string;
  /** Issuers above it, nearest first. */
  chain: readonly string[];
  issuerId: string | null;
  /** PKCS#8 PEM in clear; encrypted here, never stored as is. */
  privateKeyPem: string | null;
  issueParams: IssueParams | null;
  autoRenew: boolean;
  renewedFromId: string | null;
  now: Date;
}

/**
 * The row for a new certificate: its metadata decoded once (lists and filters read columns, never parse PEM),
 * the private key encrypted under the master key.
 */
export function buildCertificateRow(key: MasterKey, c: NewCertificate, view: CertificateView = decodeCertificate(c.certificatePem)): CertificateRow {
  return {
    id: c.id,
    name: c.name,
    purpose: c.purpose,
    origin: c.origin,
    subject: view.subject.text,
    commonName: view.subject.commonName ?? null,
    issuerName: view.issuer.text,
    sans: JSON.stringify(view.sans),
    serialHex: view.serialHex,
    notBefore: view.notBefore,
    notAfter: view.notAfter,
    keyAlgorithm: view.keyAlgorithm,
    keySize: view.keySize,
    curve: view.curve ?? null,
    fingerprintSha1: view.fingerprints.sha1,
    fingerprintSha256: view.fingerprints.sha256,
    isCA: view.isCA,
    pathLen: view.pathLen ?? null,
    keyUsage: view.keyUsage ? JSON.stringify(view.keyUsage) : null,
    extKeyUsage: view.extKeyUsage ? JSON.stringify(view.extKeyUsage) : null,
    subjectKeyId: view.subjectKeyId ?? null,
    authorityKeyId: view.authorityKeyId ?? null,
    isSelfSigned: view.isSelfSigned,
    certificatePem: view.pem,
    chainPem: c.chain.join(''),
    issuerId: c.issuerId,
    privateKey: c.privateKeyPem === null ? null : encryptPrivateKey(key, c.id, c.privateKeyPem),
    issueParams: c.issueParams === null ? null : JSON.stringify(c.issueParams),
    autoRenew: c.autoRenew,
    revokedAt: null,
    revocationReason: null,
    renewedFromId: c.renewedFromId,
    supersededById: null,
    createdAt: c.now,
    updatedAt: c.now,
  };
}

/** The issuer certificates stored with a row, nearest first. */
export function chainOf(row: Pick<CertificateRow, 'chainPem'>): string[] {
  return [...row.chainPem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g)].map((m) => (m[0].endsWith('\n') ? m[0] : `${m[0]}\n`));
}
