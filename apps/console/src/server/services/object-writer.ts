import { randomUUID } from 'node:crypto';
import { missingSecretKeys } from '@gatehouse/domain/config/secret.schema';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { RequestContext } from '../auth/principal';
import { appendAuditEvent } from '../audit/audit.repo';
import type { AuditAction } from '../audit/audit-event';
import { describeRef, refOf, type ObjectRef } from '../store/object-key';
import {
  decryptSecretData,
  desiredBody,
  encryptSecretData,
  isRedacted,
  isSecret,
  rowToObject,
  secretDataOf,
  type ResourceRow,
} from '../store/resource-codec';
import { bumpRevision } from '../store/revision';
import { stableStringify } from '../store/stable-json';
import type { Tx } from '../store/db';
import type { ServiceDeps } from './deps';

export type WriteOutcome = 'created' | 'configured' | 'unchanged' | 'deleted';

export interface WriteMode {
  /** create: must not exist; replace: must exist; upsert: either (apply). */
  mode: 'create' | 'replace' | 'upsert';
  /** The audit action recorded (create/update for REST, apply for apply). */
  action: (created: boolean) => AuditAction;
  /** When set, a stored object with another resourceVersion is a conflict (PUT's optimistic concurrency). */
  checkResourceVersion: 'always' | 'if-changed';
}

export function refWhere(ref: ObjectRef) {
  return { group_kind_namespace_name: { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name } };
}

export async function findRow(tx: Tx, ref: ObjectRef): Promise<ResourceRow | null> {
  return tx.resource.findUnique({ where: refWhere(ref) });
}

const NAMESPACE_REF = (name: string): ObjectRef => ({ group: '', kind: 'Namespace', namespace: '', name });

/**
 * Namespaces known to exist in each open write transaction (found, or created by it): an apply of N objects into
 * one namespace looks it up once. The transaction holds the write lock, so none is deleted meanwhile by others.
 */
const namespacesSeen = new WeakMap<Tx, Set<string>>();

/**
 * Namespaces are created on first use (apply or POST into a namespace that does not exist yet), audited like
 * any other write. Kubernetes answers 404 there; a console that owns its store can do the obvious thing.
 */
export async function ensureNamespace(tx: Tx, deps: ServiceDeps, ctx: RequestContext, namespace: string, now: Date): Promise<boolean> {
  let known = namespacesSeen.get(tx);
  if (known?.has(namespace)) return false;
  if (known === undefined) namespacesSeen.set(tx, (known = new Set()));
  known.add(namespace);
  if (await findRow(tx, NAMESPACE_REF(namespace))) return false;
  await writeObject(tx, deps, ctx, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, {
    mode: 'create',
    action: () => 'create',
    checkResourceVersion: 'if-changed',
  }, now, `created implicitly for an object in namespace ${namespace}`);
  return true;
}

function specOf(body: Record<string, unknown>): string {
  const { metadata: _m, ...rest } = body;
  return stableStringify(rest);
}

/** Creates, replaces or leaves one validated object, with its audit event, inside the caller's transaction. */
export async function writeObject(
  tx: Tx,
  deps: ServiceDeps,
  ctx: RequestContext,
  obj: KubeObject,
  mode: WriteMode,
  now: Date,
  message?: string,
): Promise<{ outcome: WriteOutcome; object: KubeObject }> {
  const ref = refOf(obj);
  const existing = await findRow(tx, ref);
  if (mode.mode === 'create' && existing) throw new DomainError('already_exists', `${describeRef(ref)} already exists`, [{ path: 'metadata.name', message: 'already exists' }]);
  if (mode.mode === 'replace' && !existing) throw new DomainError('not_found', `${describeRef(ref)} not found`);

  const secret = isSecret(ref.kind, ref.group);
  let data = secret ? secretDataOf(obj) : {};
  if (secret && existing && isRedacted(obj)) {
    // A Secret read without its values came back: keep the stored values, overlay any values it carries.
    data = { ...decryptSecretData(deps.key, existing), ...data };
  }
  if (secret && isRedacted(obj)) {
    // The schema left the type's required keys to this point: they may come from the stored values.
    const type = (obj as { type?: string }).type ?? 'Opaque';
    const missing = missingSecretKeys(type, Object.keys(data));
    if (missing.length > 0) {
      throw new DomainError('invalid', `${describeRef(ref)}: type ${type} needs data key ${missing.map((g) => g.join(' or ')).join(', ')}`, missing.map((g) => ({ path: `data[${g[0]}]`, message: `Required value: type ${type} needs data key ${g.join(' or ')}` })));
    }
  }
  const body = desiredBody(obj);
  const bodyText = stableStringify(body);
  const dataText = stableStringify(data);

  let specChanged = true;
  if (existing) {
    const sameBody = existing.body === bodyText;
    const sameData = !secret || stableStringify(decryptSecretData(deps.key, existing)) === dataText;
    const changed = !(sameBody && sameData);
    // generation counts changes of the desired state (spec, data), not of metadata — as in Kubernetes.
    specChanged = !sameData || specOf(JSON.parse(existing.body) as Record<string, unknown>) !== specOf(body);
    const rv = obj.metadata.resourceVersion;
    if (rv !== undefined && rv !== String(existing.resourceVersion) && (mode.checkResourceVersion === 'always' || changed)) {
      throw new DomainError('conflict', `${describeRef(ref)} was changed since resourceVersion ${rv} (now ${existing.resourceVersion}); read it again and retry`, [
        { path: 'metadata.resourceVersion', message: `stale: the stored object is at ${existing.resourceVersion}` },
      ]);
    }
    if (!changed) return { outcome: 'unchanged', object: rowToObject(existing, deps.key, 'redact') };
  }

  if (ref.namespace !== '') await ensureNamespace(tx, deps, ctx, ref.namespace, now);
  const revision = await bumpRevision(tx);
  const secretData = secret ? encryptSecretData(deps.key, ref, data) : null;
  let row: ResourceRow;
  if (existing) {
    const generation = specChanged ? existing.generation + 1 : existing.generation;
    row = await tx.resource.update({
      where: { uid: existing.uid },
      data: { apiVersion: obj.apiVersion, body: bodyText, secretData, resourceVersion: revision, generation, updatedAt: now },
    });
  } else {
    row = await tx.resource.create({
      data: { uid: randomUUID(), ...ref, apiVersion: obj.apiVersion, body: bodyText, secretData, resourceVersion: revision, generation: 1, createdAt: now, updatedAt: now },
    });
  }
  await appendAuditEvent(tx, ctx, {
    action: mode.action(!existing),
    ref,
    before: existing ? rowToObject(existing, deps.key, 'audit-hash') : null,
    after: rowToObject(row, deps.key, 'audit-hash'),
    ...(message ? { message } : {}),
  }, now);
  return { outcome: existing ? 'configured' : 'created', object: rowToObject(row, deps.key, 'redact') };
}

/** Deletes one stored row with its audit event, inside the caller's transaction. */
export async function deleteRow(tx: Tx, deps: ServiceDeps, ctx: RequestContext, row: ResourceRow, now: Date, message?: string): Promise<KubeObject> {
  await bumpRevision(tx);
  await tx.resource.delete({ where: { uid: row.uid } });
  if (row.kind === 'Namespace' && row.group === '') namespacesSeen.get(tx)?.delete(row.name);
  await appendAuditEvent(tx, ctx, {
    action: 'delete',
    ref: { group: row.group, kind: row.kind, namespace: row.namespace, name: row.name },
    before: rowToObject(row, deps.key, 'audit-hash'),
    after: null,
    ...(message ? { message } : {}),
  }, now);
  return rowToObject(row, deps.key, 'redact');
}
