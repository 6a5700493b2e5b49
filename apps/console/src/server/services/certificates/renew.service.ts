import { randomUUID, type KeyObject } from 'node:crypto';
import { generateKeyPair, type GeneratedKeyPair, type KeySpec } from '@gatehouse/certs/keys/generate-key';
import { toPrivateKey } from '@gatehouse/certs/keys/key-input';
import { issueResolved, resolveFields, type ResolvedIssuer } from '@gatehouse/certs/x509/issue-certificate';
import { loadCertificate } from '@gatehouse/certs/x509/load-certificate';
import type { CertificateResult } from '@gatehouse/domain/certificate/certificate.schema';
import { RenewCertificateSchema } from '@gatehouse/domain/certificate/renew-certificate.schema';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { authorize, type RequestContext } from '../../auth/principal';
import type { ServiceDeps } from '../deps';
import { runWrite } from '../write-transaction';
import { followRenewal } from './binding.service';
import { buildCertificateRow, type CertificateOrigin, type CertificatePurpose } from './certificate-record';
import { parseJsonList, readIssueParams, type CertificateRow } from './certificate-row';
import { findCertificate, insertCertificate, newestInLineage, updateCertificate } from './certificate-store';
import { renewalObstacle, toDetail } from './certificate-view';
import { loadIssuer, type ManagedIssuer } from './issuer';
import { decryptPrivateKey } from './private-key-store';
import { planValidity } from './validity';

/** Same backdating as fresh certificates (profiles.ts): absorbs clock skew between Gatehouse and verifiers. */
const BACKDATE_MS = 5 * 60 * 1000;

/** The key the certificate has now, as a spec for a new one of the same kind. */
function sameKindOfKey(row: CertificateRow): KeySpec {
  if (row.keyAlgorithm === 'rsa') return { algorithm: 'rsa', size: ([2048, 3072, 4096] as const).find((s) => s === row.keySize) ?? 2048 };
  if (row.keyAlgorithm === 'ed25519') return { algorithm: 'ed25519' };
  return { algorithm: 'ecdsa', curve: row.curve === 'P-384' ? 'P-384' : 'P-256' };
}

function sanList(row: CertificateRow): string[] {
  const s = JSON.parse(row.sans) as { dns: string[]; ip: string[]; uri: string[]; email: string[] };
  return [...s.dns.map((v) => `DNS:${v}`), ...s.ip.map((v) => `IP:${v}`), ...s.uri.map((v) => `URI:${v}`), ...s.email.map((v) => `email:${v}`)];
}

function cannotRenew(row: CertificateRow, reason: string): DomainError {
  return new DomainError('unprocessable', `certificate ${row.name} (${row.id}) cannot be renewed: ${reason}`, [{ path: 'id', message: reason }]);
}

function heldKey(deps: ServiceDeps, row: CertificateRow): KeyObject | null {
  return row.privateKey === null ? null : toPrivateKey(decryptPrivateKey(deps.key, row.id, row.privateKey), 'privateKey');
}

/**
 * Renews a certificate: same subject (byte for byte), SANs, usages, CA flag and lifetime, from the newest
 * certificate of its issuer's lineage, with a new serial and by default a new key. The renewed certificate is
 * a new inventory entry that supersedes the old one; bound Secrets and ConfigMaps are rewritten in the same
 * transaction (each write audited and published). The old certificate stays valid unless revokePrevious.
 */
export async function renewCertificate(deps: ServiceDeps, ctx: RequestContext, id: string, body: unknown): Promise<CertificateResult> {
  authorize(ctx, 'certificates.write');
  const input = parseOrThrow(RenewCertificateSchema, body ?? {}, 'renewal');
  const current = await findCertificate(deps.db.prisma, id);
  const newKey = input.newKey ?? current.privateKey !== null;
  if (newKey && current.privateKey === null && !current.isSelfSigned) {
    throw new DomainError('invalid', 'Gatehouse does not hold this certificate\'s key (it was signed from a CSR or imported without one); renew with newKey: false to keep the public key, or sign a new CSR', [
      { path: 'newKey', message: 'no key held' },
    ]);
  }
  let keyPair: GeneratedKeyPair | null = null;
  if (newKey) keyPair = await generateKeyPair(input.key ?? sameKindOfKey(current));
  const now = deps.now();
  return runWrite(deps, {}, async (tx) => {
    const row = await findCertificate(tx, id);
    const obstacle = renewalObstacle(row);
    if (obstacle !== undefined) throw cannotRenew(row, obstacle);
    const old = loadCertificate(row.certificatePem);
    const oldKey = heldKey(deps, row);
    let issuer: ManagedIssuer | null = null;
    let signer: ResolvedIssuer;
    if (row.isSelfSigned) {
      const key = keyPair?.privateKey ?? oldKey;
      if (key === null) throw cannotRenew(row, 'it is self-signed and Gatehouse does not hold its key');
      signer = { self: key };
    } else {
      const issuerRow = await newestInLineage(tx, await findCertificate(tx, row.issuerId ?? ''));
      issuer = await loadIssuer(tx, deps.key, issuerRow.id, now, 'issuer');
      signer = { cert: loadCertificate(issuer.row.certificatePem), key: issuer.key };
    }
    const lifetime = row.notAfter.getTime() - row.notBefore.getTime();
    const notBefore = new Date(now.getTime() - BACKDATE_MS);
    const plan = planValidity({
      now,
      requestedDays: input.validityDays ?? readIssueParams(row)?.validityDays,
      defaultWindow: { notBefore, notAfter: new Date(notBefore.getTime() + lifetime) },
      issuer: issuer ? { notAfter: issuer.row.notAfter, label: issuer.row.name } : undefined,
    });
    const fields = resolveFields(
      {
        subject: old.asn.tbsCertificate.subject,
        sans: sanList(row),
        validity: plan.validity,
        isCA: row.isCA,
        ...(row.pathLen !== null ? { pathLen: row.pathLen } : {}),
        keyUsage: parseJsonList(row.keyUsage) ?? [],
        extKeyUsage: parseJsonList(row.extKeyUsage) ?? [],
      },
      keyPair?.publicKey ?? old.x509.publicKey,
    );
    const issued = issueResolved(fields, signer);
    const origin: CertificateOrigin = row.origin === 'csr' && !newKey ? 'csr' : 'generated';
    const privateKeyPem = keyPair?.privateKeyPem ?? (oldKey ? oldKey.export({ format: 'pem', type: 'pkcs8' }).toString() : null);
    const next = buildCertificateRow(deps.key, {
      id: randomUUID(), name: row.name, purpose: row.purpose as CertificatePurpose, origin, certificatePem: issued.pem,
      chain: issuer?.chainForIssued ?? [], issuerId: issuer?.row.id ?? null, privateKeyPem, issueParams: readIssueParams(row) ?? null,
      autoRenew: row.autoRenew, renewedFromId: row.id, now,
    });
    const stored = await insertCertificate(tx, ctx, next, 'certificate.renew', `renewal of ${row.name} (${row.id}, serial ${row.serialHex})${newKey ? ' with a new key' : ' keeping the key'}`);
    await updateCertificate(tx, ctx, row, {
      supersededById: stored.id,
      ...(input.revokePrevious ? { revokedAt: now, revocationReason: 'superseded' } : {}),
    }, input.revokePrevious ? 'certificate.revoke' : 'certificate.update', `superseded by ${stored.id}${input.revokePrevious ? '; revoked (superseded)' : ''}`, now);
    await followRenewal(tx, deps, ctx, row, stored, now);
    return { ...toDetail(stored, now), warnings: plan.warnings };
  });
}
