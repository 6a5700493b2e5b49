import {
  CertificateListQuerySchema,
  type CertificateDetail,
  type CertificateSummary,
} from '@gatehouse/domain/certificate/certificate.schema';
import { CertificateSettingsSchema } from '@gatehouse/domain/certificate/certificate-settings.schema';
import { EXPIRING_SOON_MS, EXPIRING_VERY_SOON_MS, type CertificateState } from '@gatehouse/domain/certificate/certificate-state';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import type { Prisma } from '@gatehouse/db/prisma-client';
import { authorize, type RequestContext } from '../../auth/principal';
import { appendAuditEvent } from '../../audit/audit.repo';
import type { ServiceDeps } from '../deps';
import { runWrite } from '../write-transaction';
import { findCertificate, updateCertificate } from './certificate-store';
import { CERTIFICATE_AUDIT_REF, renewalObstacle, SUMMARY_SELECT, toAuditObject, toDetail, toSummary } from './certificate-view';

type Where = Prisma.CertificateWhereInput;

/**
 * The database condition for one state, the same boundaries as certificateState (domain/certificate): a list
 * filtered by state and the state shown on each item cannot disagree (a test checks both on the same rows).
 */
export function stateWhere(state: CertificateState, now: Date): Where {
  const soon = new Date(now.getTime() + EXPIRING_SOON_MS);
  const verySoon = new Date(now.getTime() + EXPIRING_VERY_SOON_MS);
  const live: Where = { revokedAt: null, notBefore: { lte: now }, notAfter: { gte: now } };
  switch (state) {
    case 'revoked': return { revokedAt: { not: null } };
    case 'notYetValid': return { revokedAt: null, notBefore: { gt: now } };
    case 'expired': return { revokedAt: null, notBefore: { lte: now }, notAfter: { lt: now } };
    case 'expiring7': return { AND: [live, { notAfter: { lte: verySoon } }] };
    case 'expiring30': return { AND: [live, { notAfter: { gt: verySoon } }, { notAfter: { lte: soon } }] };
    case 'valid': return { AND: [live, { notAfter: { gt: soon } }] };
  }
}

function decodeContinue(token: string): { name: string; id: string } {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { n?: unknown; i?: unknown };
    if (typeof v.n === 'string' && typeof v.i === 'string') return { name: v.n, id: v.i };
  } catch {
    // fall through
  }
  throw new DomainError('invalid', 'continue token is not valid', [{ path: 'continue', message: 'not a token from a previous page' }]);
}

export interface CertificatePage {
  items: CertificateSummary[];
  continue?: string;
  /** Matching certificates in all pages. */
  total: number;
}

/** The inventory, by name, in pages; filters by state, issuing CA and CA-ness. Never a private key. */
export async function listCertificates(deps: ServiceDeps, ctx: RequestContext, query: unknown): Promise<CertificatePage> {
  authorize(ctx, 'certificates.read');
  const q = parseOrThrow(CertificateListQuerySchema, query, 'query');
  const now = deps.now();
  const filters: Where[] = [];
  if (q.state) filters.push(stateWhere(q.state, now));
  if (q.issuerId) filters.push({ issuerId: q.issuerId });
  if (q.ca) filters.push({ isCA: q.ca === 'true' });
  if (q.includeSuperseded !== 'true') filters.push({ supersededById: null });
  const after = q.continue ? decodeContinue(q.continue) : undefined;
  const page: Where[] = after ? [...filters, { OR: [{ name: { gt: after.name } }, { name: after.name, id: { gt: after.id } }] }] : filters;
  const [rows, total] = await Promise.all([
    deps.db.prisma.certificate.findMany({ where: { AND: page }, select: SUMMARY_SELECT, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: q.limit + 1 }),
    deps.db.prisma.certificate.count({ where: { AND: filters } }),
  ]);
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((r) => toSummary(r, now)),
    total,
    ...(rows.length > q.limit && last ? { continue: Buffer.from(JSON.stringify({ n: last.name, i: last.id })).toString('base64url') } : {}),
  };
}

export async function getCertificate(deps: ServiceDeps, ctx: RequestContext, id: string): Promise<CertificateDetail> {
  authorize(ctx, 'certificates.read');
  return toDetail(await findCertificate(deps.db.prisma, id), deps.now());
}

/** Renames a certificate or turns auto-renew on/off (only for certificates Gatehouse can renew). */
export async function updateCertificateSettings(deps: ServiceDeps, ctx: RequestContext, id: string, body: unknown): Promise<CertificateDetail> {
  authorize(ctx, 'certificates.write');
  const input = parseOrThrow(CertificateSettingsSchema, body, 'settings');
  const now = deps.now();
  return runWrite(deps, {}, async (tx) => {
    const row = await findCertificate(tx, id);
    if (input.autoRenew === true) {
      const obstacle = renewalObstacle(row);
      if (obstacle !== undefined) throw new DomainError('invalid', `auto-renew needs a certificate Gatehouse can renew, and ${obstacle}`, [{ path: 'autoRenew', message: obstacle }]);
    }
    const changes = { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.autoRenew !== undefined ? { autoRenew: input.autoRenew } : {}) };
    if (Object.keys(changes).length === 0) return toDetail(row, now);
    const described = Object.entries(changes).map(([k, v]) => `${k}=${String(v)}`).join(', ');
    return toDetail(await updateCertificate(tx, ctx, row, changes, 'certificate.update', `settings: ${described}`, now), now);
  });
}

/**
 * Removes a certificate from the inventory (its encrypted key with it). Refused while it serves the console's HTTPS
 * (the next start would fail), while Secrets are bound to it, or while it is the recorded issuer of other certificates
 * (their renewals and CRL entries depend on it).
 */
export async function deleteCertificate(deps: ServiceDeps, ctx: RequestContext, id: string): Promise<CertificateSummary> {
  authorize(ctx, 'certificates.write');
  const now = deps.now();
  return runWrite(deps, {}, async (tx) => {
    const row = await findCertificate(tx, id);
    const servesConsole = deps.consoleTls?.deletionObstacle(id);
    if (servesConsole !== undefined) throw new DomainError('conflict', `certificate ${row.name} (${id}) ${servesConsole}`, [{ path: 'id', message: 'serves the console' }]);
    const bindings = await tx.secretBinding.findMany({ where: { certificateId: id }, take: 3 });
    if (bindings.length > 0) {
      const names = bindings.map((b) => `${b.kind} ${b.namespace}/${b.name}`).join(', ');
      throw new DomainError('conflict', `certificate ${row.name} is bound to ${names}; unbind first`, [{ path: 'id', message: 'bound' }]);
    }
    const issued = await tx.certificate.count({ where: { issuerId: id } });
    if (issued > 0) throw new DomainError('conflict', `CA ${row.name} is the issuer of ${issued} certificate(s) in the inventory; delete or keep them first`, [{ path: 'id', message: 'issuer of others' }]);
    await tx.certificate.delete({ where: { id } });
    await appendAuditEvent(tx, ctx, { action: 'certificate.delete', ref: CERTIFICATE_AUDIT_REF(id), before: toAuditObject(row), after: null, message: `deleted ${row.name}` }, now);
    return toSummary(row, now);
  });
}
