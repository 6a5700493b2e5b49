import { DomainError } from '@gatehouse/domain/errors/domain-error';
import type { RequestContext } from '../../auth/principal';
import type { AuditAction } from '../../audit/audit-event';
import { appendAuditEvent } from '../../audit/audit.repo';
import type { Tx } from '../../store/db';
import type { CertificateRow } from './certificate-row';
import { CERTIFICATE_AUDIT_REF, toAuditObject } from './certificate-view';

type Reader = Pick<Tx, 'certificate'>;

export async function findCertificate(db: Reader, id: string): Promise<CertificateRow> {
  const row = await db.certificate.findUnique({ where: { id } });
  if (!row) throw new DomainError('not_found', `certificate ${id} not found`, [{ path: 'id', message: 'no such certificate' }]);
  return row;
}

/** Stores a new certificate with its audit event (inside the caller's write transaction). */
export async function insertCertificate(tx: Tx, ctx: RequestContext, row: CertificateRow, action: AuditAction, message: string): Promise<CertificateRow> {
  const existing = await tx.certificate.findUnique({ where: { fingerprintSha256: row.fingerprintSha256 }, select: { id: true, name: true } });
  if (existing) {
    throw new DomainError('already_exists', `this certificate is already in the inventory as ${existing.name} (${existing.id})`, [{ path: 'certificate', message: `already stored as ${existing.id}` }]);
  }
  const created = await tx.certificate.create({ data: row });
  await appendAuditEvent(tx, ctx, { action, ref: CERTIFICATE_AUDIT_REF(row.id), before: null, after: toAuditObject(created), message }, row.createdAt);
  return created;
}

/** Changes inventory fields of a certificate with its audit event (before and after, never the key). */
export async function updateCertificate(
  tx: Tx,
  ctx: RequestContext,
  before: CertificateRow,
  data: Partial<Omit<CertificateRow, 'id'>>,
  action: AuditAction,
  message: string,
  now: Date,
): Promise<CertificateRow> {
  const after = await tx.certificate.update({ where: { id: before.id }, data: { ...data, updatedAt: now } });
  await appendAuditEvent(tx, ctx, { action, ref: CERTIFICATE_AUDIT_REF(before.id), before: toAuditObject(before), after: toAuditObject(after), message }, now);
  return after;
}

/** The newest certificate of a renewal lineage (a renewed CA's successor issues from then on). */
export async function newestInLineage(db: Reader, row: CertificateRow): Promise<CertificateRow> {
  let current = row;
  for (let hops = 0; current.supersededById !== null && hops < 1000; hops++) {
    const next = await db.certificate.findUnique({ where: { id: current.supersededById } });
    if (!next) break;
    current = next;
  }
  return current;
}
