import { isCrlReason } from '@gatehouse/certs/crl/crl-reasons';
import { generateCrl } from '@gatehouse/certs/crl/generate-crl';
import type { CertificateDetail } from '@gatehouse/domain/certificate/certificate.schema';
import { RevokeCertificateSchema } from '@gatehouse/domain/certificate/revoke-certificate.schema';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { authorize, type RequestContext } from '../../auth/principal';
import type { ServiceDeps } from '../deps';
import { runWrite } from '../write-transaction';
import { findCertificate, updateCertificate } from './certificate-store';
import { toDetail } from './certificate-view';
import { decryptPrivateKey } from './private-key-store';

/** How long a CRL is good for. Verifiers refetch by nextUpdate; Gatehouse signs a fresh CRL on every request. */
export const CRL_VALIDITY_MS = 7 * 24 * 60 * 60 * 1000;

/** Revokes a certificate with an RFC 5280 §5.3.1 reason; it is listed in its issuer's CRL from then on. */
export async function revokeCertificate(deps: ServiceDeps, ctx: RequestContext, id: string, body: unknown): Promise<CertificateDetail> {
  authorize(ctx, 'certificates.write');
  const input = parseOrThrow(RevokeCertificateSchema, body ?? {}, 'revocation');
  const now = deps.now();
  return runWrite(deps, {}, async (tx) => {
    const row = await findCertificate(tx, id);
    if (row.revokedAt !== null) {
      throw new DomainError('conflict', `certificate ${row.name} (${row.id}) was already revoked at ${row.revokedAt.toISOString()} (${row.revocationReason ?? 'unspecified'})`, [{ path: 'id', message: 'already revoked' }]);
    }
    const after = await updateCertificate(tx, ctx, row, { revokedAt: now, revocationReason: input.reason }, 'certificate.revoke', `revoked: ${input.reason}, serial ${row.serialHex}`, now);
    return toDetail(after, now);
  });
}

/**
 * The CRL of a managed CA, signed now: every revoked certificate the inventory records as issued by it. The
 * cRLNumber is thisUpdate in milliseconds since the epoch — monotonically increasing per issuer (RFC 5280
 * §5.2.3) without a write on every fetch.
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-5
 */
export async function certificateRevocationList(deps: ServiceDeps, ctx: RequestContext, id: string): Promise<{ pem: string; der: Buffer; caName: string }> {
  authorize(ctx, 'certificates.read');
  const row = await findCertificate(deps.db.prisma, id);
  if (!row.isCA) throw new DomainError('not_found', `certificate ${row.name} (${row.id}) is not a CA and publishes no CRL`, [{ path: 'id', message: 'not a CA' }]);
  if (row.privateKey === null) {
    throw new DomainError('unprocessable', `Gatehouse does not hold the key of CA ${row.name} (${row.id}), so it cannot sign its CRL`, [{ path: 'id', message: 'no key held' }]);
  }
  const revoked = await deps.db.prisma.certificate.findMany({
    where: { issuerId: row.id, revokedAt: { not: null } },
    select: { serialHex: true, revokedAt: true, revocationReason: true },
    orderBy: { revokedAt: 'asc' },
  });
  const now = deps.now();
  try {
    const crl = generateCrl({
      issuer: { cert: row.certificatePem, key: decryptPrivateKey(deps.key, row.id, row.privateKey) },
      revoked: revoked.map((r) => ({ serialHex: r.serialHex, revokedAt: r.revokedAt ?? now, reason: isCrlReason(r.revocationReason) ? r.revocationReason : 'unspecified' })),
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + CRL_VALIDITY_MS),
      crlNumber: BigInt(now.getTime()),
    });
    return { ...crl, caName: row.name };
  } catch (e) {
    // An imported CA whose certificate lacks cRLSign cannot sign CRLs: a property of the CA, not of the request.
    if (e instanceof DomainError && e.code === 'invalid') throw new DomainError('unprocessable', `CA ${row.name} cannot sign a CRL: ${e.message}`, e.details);
    throw e;
  }
}
