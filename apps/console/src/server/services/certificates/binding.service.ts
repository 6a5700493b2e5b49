import { randomUUID } from 'node:crypto';
import { BindToSecretSchema, type BindingKeys, type BindingShape } from '@gatehouse/domain/certificate/bind-certificate.schema';
import type { SecretBindingView } from '@gatehouse/domain/certificate/certificate.schema';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { parseObject } from '@gatehouse/domain/registry/parse-object';
import { authorize, type RequestContext } from '../../auth/principal';
import { appendAuditEvent } from '../../audit/audit.repo';
import { rowToObject } from '../../store/resource-codec';
import type { Tx } from '../../store/db';
import type { ServiceDeps } from '../deps';
import { findRow, writeObject } from '../object-writer';
import { runWrite } from '../write-transaction';
import { CERTIFICATE_ANNOTATION, keysForShape, renderBindingData, renderBoundObject, type CertificateMaterial } from './binding-render';
import { chainOf } from './certificate-record';
import type { BindingRow, CertificateRow } from './certificate-row';
import { findCertificate } from './certificate-store';
import { CERTIFICATE_AUDIT_REF, toAuditObject } from './certificate-view';
import { decryptPrivateKey } from './private-key-store';

export function toBindingView(b: BindingRow): SecretBindingView {
  return {
    id: b.id,
    certificateId: b.certificateId,
    kind: b.kind as SecretBindingView['kind'],
    namespace: b.namespace,
    name: b.name,
    shape: b.shape as SecretBindingView['shape'],
    keys: JSON.parse(b.keys) as BindingKeys,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}

/** Predecessors of a renewed CA (renewedFromId, newest first) that are still valid and not revoked. */
async function livePredecessors(tx: Tx, row: CertificateRow, now: Date): Promise<string[]> {
  const out: string[] = [];
  let id = row.renewedFromId;
  for (let hops = 0; id !== null && hops < 20; hops++) {
    const prev = await tx.certificate.findUnique({ where: { id } });
    if (!prev) break;
    if (prev.revokedAt === null && prev.notAfter.getTime() >= now.getTime()) out.push(prev.certificatePem);
    id = prev.renewedFromId;
  }
  return out;
}

async function materialOf(tx: Tx, deps: ServiceDeps, row: CertificateRow, now: Date): Promise<CertificateMaterial> {
  return {
    id: row.id,
    certificatePem: row.certificatePem,
    chain: chainOf(row),
    privateKeyPem: row.privateKey === null ? null : decryptPrivateKey(deps.key, row.id, row.privateKey),
    isCA: row.isCA,
    predecessors: row.isCA ? await livePredecessors(tx, row, now) : [],
  };
}

const objectRef = (b: Pick<BindingRow, 'kind' | 'namespace' | 'name'>) => ({ group: '', kind: b.kind, namespace: b.namespace, name: b.name });

/**
 * Writes the Secret/ConfigMap of one binding from a certificate through writeObject, so the change has its own
 * audit event (values as keyed hashes), bumps the store revision and reaches the worker and the cluster like any
 * other write.
 */
export async function writeBoundObject(
  tx: Tx,
  deps: ServiceDeps,
  ctx: RequestContext,
  binding: Pick<BindingRow, 'kind' | 'namespace' | 'name' | 'shape' | 'keys'>,
  row: CertificateRow,
  now: Date,
  message: string,
): Promise<KubeObject> {
  const pem = renderBindingData(await materialOf(tx, deps, row, now), JSON.parse(binding.keys) as BindingKeys);
  const existingRow = await findRow(tx, objectRef(binding));
  const existing = existingRow ? rowToObject(existingRow, deps.key, 'include') : null;
  const target = { kind: binding.kind as 'Secret' | 'ConfigMap', namespace: binding.namespace, name: binding.name, shape: binding.shape as BindingShape };
  const obj = parseObject(renderBoundObject(target, row.id, pem, existing));
  const written = await writeObject(tx, deps, ctx, obj, { mode: 'upsert', action: (created) => (created ? 'create' : 'update'), checkResourceVersion: 'if-changed' }, now, message);
  return written.object;
}

/** Creates or updates a Secret (or a CA-bundle ConfigMap) from a certificate and keeps it bound to it. */
export async function bindCertificate(deps: ServiceDeps, ctx: RequestContext, certificateId: string, body: unknown): Promise<{ binding: SecretBindingView; object: KubeObject }> {
  authorize(ctx, 'certificates.write');
  authorize(ctx, 'resources.write');
  const input = parseOrThrow(BindToSecretSchema, body, 'binding');
  const now = deps.now();
  return runWrite(deps, {}, async (tx) => {
    const row = await findCertificate(tx, certificateId);
    const taken = await tx.secretBinding.findUnique({ where: { kind_namespace_name: { kind: input.kind, namespace: input.namespace, name: input.name } } });
    if (taken) {
      const message = taken.certificateId === row.id
        ? `${input.kind} ${input.namespace}/${input.name} is already bound to this certificate`
        : `${input.kind} ${input.namespace}/${input.name} is bound to certificate ${taken.certificateId}; unbind it there first`;
      throw new DomainError('conflict', message, [{ path: 'name', message: 'already bound' }]);
    }
    const keys = keysForShape(input.shape, input.includeCa, input.keys);
    const binding: BindingRow = {
      id: randomUUID(), certificateId: row.id, kind: input.kind, namespace: input.namespace, name: input.name, shape: input.shape,
      keys: JSON.stringify(keys), createdAt: now, updatedAt: now,
    };
    const object = await writeBoundObject(tx, deps, ctx, binding, row, now, `rendered from certificate ${row.name} (${row.id}), ${input.shape} shape`);
    const stored = await tx.secretBinding.create({ data: binding });
    await appendAuditEvent(tx, ctx, {
      action: 'certificate.bind', ref: CERTIFICATE_AUDIT_REF(row.id), before: null, after: toAuditObject(row),
      message: `bound to ${input.kind} ${input.namespace}/${input.name} (${input.shape}: ${Object.values(keys).join(', ')})`,
    }, now);
    return { binding: toBindingView(stored), object };
  });
}

/** The bound object without Gatehouse's annotation, so nothing claims it still follows the certificate. */
async function releaseObject(tx: Tx, deps: ServiceDeps, ctx: RequestContext, binding: BindingRow, now: Date): Promise<void> {
  const row = await findRow(tx, objectRef(binding));
  if (!row) return;
  const current = rowToObject(row, deps.key, 'include');
  const annotations = { ...(current.metadata.annotations ?? {}) };
  if (annotations[CERTIFICATE_ANNOTATION] === undefined) return;
  delete annotations[CERTIFICATE_ANNOTATION];
  const { uid: _u, resourceVersion: _r, generation: _g, creationTimestamp: _c, annotations: _a, ...meta } = current.metadata;
  const obj = parseObject({ ...current, metadata: { ...meta, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) } });
  await writeObject(tx, deps, ctx, obj, { mode: 'replace', action: () => 'update', checkResourceVersion: 'if-changed' }, now, `unbound from certificate ${binding.certificateId}; values kept`);
}

/** Ends a binding; the Secret/ConfigMap keeps its values (delete it through the resource API if it should go). */
export async function unbindCertificate(deps: ServiceDeps, ctx: RequestContext, certificateId: string, bindingId: string): Promise<SecretBindingView> {
  authorize(ctx, 'certificates.write');
  const now = deps.now();
  return runWrite(deps, {}, async (tx) => {
    const row = await findCertificate(tx, certificateId);
    const binding = await tx.secretBinding.findUnique({ where: { id: bindingId } });
    if (!binding || binding.certificateId !== certificateId) throw new DomainError('not_found', `binding ${bindingId} of certificate ${certificateId} not found`);
    await tx.secretBinding.delete({ where: { id: bindingId } });
    await releaseObject(tx, deps, ctx, binding, now);
    await appendAuditEvent(tx, ctx, { action: 'certificate.unbind', ref: CERTIFICATE_AUDIT_REF(row.id), before: toAuditObject(row), after: toAuditObject(row), message: `unbound from ${binding.kind} ${binding.namespace}/${binding.name} (the object is kept)` }, now);
    return toBindingView(binding);
  });
}

export async function listBindings(deps: ServiceDeps, ctx: RequestContext, certificateId: string): Promise<SecretBindingView[]> {
  authorize(ctx, 'certificates.read');
  await findCertificate(deps.db.prisma, certificateId);
  const rows = await deps.db.prisma.secretBinding.findMany({ where: { certificateId }, orderBy: [{ namespace: 'asc' }, { name: 'asc' }] });
  return rows.map(toBindingView);
}

/** After a renewal: every binding moves to the new certificate and its object is rewritten (audited, published). */
export async function followRenewal(tx: Tx, deps: ServiceDeps, ctx: RequestContext, from: CertificateRow, to: CertificateRow, now: Date): Promise<number> {
  const bindings = await tx.secretBinding.findMany({ where: { certificateId: from.id } });
  for (const b of bindings) {
    await tx.secretBinding.update({ where: { id: b.id }, data: { certificateId: to.id, updatedAt: now } });
    await writeBoundObject(tx, deps, ctx, b, to, now, `certificate ${from.name} renewed: ${from.id} (serial ${from.serialHex}) → ${to.id} (serial ${to.serialHex})`);
  }
  return bindings.length;
}
