import { DomainError } from '@gatehouse/domain/errors/domain-error';
import type { KindInfo } from '@gatehouse/domain/registry/kind-info';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { parseObject } from '@gatehouse/domain/registry/parse-object';
import { authorize, type RequestContext } from '../auth/principal';
import { describeRef, type ObjectRef } from '../store/object-key';
import { rowToObject } from '../store/resource-codec';
import type { ServiceDeps } from './deps';
import { deleteRow, findRow, writeObject } from './object-writer';
import { runWrite } from './write-transaction';

export interface ObjectLocation {
  kind: KindInfo;
  /** From the URL; undefined for cluster-scoped kinds or cross-namespace lists. */
  namespace?: string;
  name?: string;
}

function refFor(loc: ObjectLocation, name: string): ObjectRef {
  return { group: loc.kind.group, kind: loc.kind.kind, namespace: loc.kind.namespaced ? (loc.namespace ?? '') : '', name };
}

export async function getObject(deps: ServiceDeps, ctx: RequestContext, loc: ObjectLocation & { name: string }): Promise<KubeObject> {
  authorize(ctx, 'resources.read');
  const row = await findRow(deps.db.prisma, refFor(loc, loc.name));
  if (!row) throw new DomainError('not_found', `${describeRef(refFor(loc, loc.name))} not found`);
  return rowToObject(row, deps.key, 'redact');
}

export interface ListOptions {
  limit: number;
  /** Opaque cursor from the previous page's metadata.continue. */
  continue?: string;
}

export interface ObjectList {
  items: KubeObject[];
  continue?: string;
  revision: number;
}

function decodeContinue(token: string): { namespace: string; name: string } {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (v && typeof v === 'object' && typeof (v as { ns: unknown }).ns === 'string' && typeof (v as { n: unknown }).n === 'string') {
      return { namespace: (v as { ns: string }).ns, name: (v as { n: string }).n };
    }
  } catch {
    // fall through
  }
  throw new DomainError('invalid', 'continue token is not valid', [{ path: 'continue', message: 'not a token from a previous page' }]);
}

export async function listObjects(deps: ServiceDeps, ctx: RequestContext, loc: ObjectLocation, opts: ListOptions): Promise<ObjectList> {
  authorize(ctx, 'resources.read');
  const after = opts.continue ? decodeContinue(opts.continue) : undefined;
  const scope = { group: loc.kind.group, kind: loc.kind.kind, ...(loc.kind.namespaced && loc.namespace !== undefined ? { namespace: loc.namespace } : {}) };
  const where = after
    ? { ...scope, OR: [{ namespace: { gt: after.namespace } }, { namespace: after.namespace, name: { gt: after.name } }] }
    : scope;
  const [rows, rev] = await Promise.all([
    deps.db.prisma.resource.findMany({ where, orderBy: [{ namespace: 'asc' }, { name: 'asc' }], take: opts.limit + 1 }),
    deps.db.prisma.storeRevision.findUnique({ where: { id: 1 } }),
  ]);
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => rowToObject(r, deps.key, 'redact')),
    revision: rev?.revision ?? 0,
    ...(rows.length > opts.limit && last ? { continue: Buffer.from(JSON.stringify({ ns: last.namespace, n: last.name })).toString('base64url') } : {}),
  };
}

/** The object a POST or PUT body describes, checked against the URL it was sent to. */
function parseForLocation(loc: ObjectLocation, body: unknown): KubeObject {
  const obj = parseObject(body, loc.kind.namespaced && loc.namespace ? { defaultNamespace: loc.namespace } : {});
  if (obj.kind !== loc.kind.kind) {
    throw new DomainError('invalid', `kind ${obj.kind} cannot be sent to ${loc.kind.plural}`, [{ path: 'kind', message: `must be ${loc.kind.kind}` }]);
  }
  if (loc.kind.namespaced && loc.namespace && obj.metadata.namespace !== loc.namespace) {
    throw new DomainError('invalid', `metadata.namespace ${obj.metadata.namespace} does not match the namespace in the URL (${loc.namespace})`, [
      { path: 'metadata.namespace', message: `must be ${loc.namespace} or omitted` },
    ]);
  }
  if (loc.name !== undefined && obj.metadata.name !== loc.name) {
    throw new DomainError('invalid', `metadata.name ${obj.metadata.name} does not match the name in the URL (${loc.name})`, [
      { path: 'metadata.name', message: `must be ${loc.name}` },
    ]);
  }
  return obj;
}

export async function createObject(deps: ServiceDeps, ctx: RequestContext, loc: ObjectLocation, body: unknown, opts: { dryRun?: boolean } = {}): Promise<KubeObject> {
  authorize(ctx, 'resources.write');
  const obj = parseForLocation(loc, body);
  const now = deps.now();
  const r = await runWrite(deps, opts, (tx) => writeObject(tx, deps, ctx, obj, { mode: 'create', action: () => 'create', checkResourceVersion: 'if-changed' }, now));
  return r.object;
}

export async function replaceObject(deps: ServiceDeps, ctx: RequestContext, loc: ObjectLocation & { name: string }, body: unknown, opts: { dryRun?: boolean } = {}): Promise<KubeObject> {
  authorize(ctx, 'resources.write');
  const obj = parseForLocation(loc, body);
  const now = deps.now();
  const r = await runWrite(deps, opts, (tx) => writeObject(tx, deps, ctx, obj, { mode: 'replace', action: () => 'update', checkResourceVersion: 'always' }, now));
  return r.object;
}

export async function deleteObject(deps: ServiceDeps, ctx: RequestContext, loc: ObjectLocation & { name: string }, opts: { dryRun?: boolean } = {}): Promise<KubeObject> {
  authorize(ctx, 'resources.write');
  const ref = refFor(loc, loc.name);
  const now = deps.now();
  return runWrite(deps, opts, async (tx) => {
    const row = await findRow(tx, ref);
    if (!row) throw new DomainError('not_found', `${describeRef(ref)} not found`);
    if (ref.kind === 'Namespace' && ref.group === '') {
      // Deleting a Namespace deletes what it holds, each deletion audited, all in this one transaction.
      const contents = await tx.resource.findMany({ where: { namespace: ref.name }, orderBy: [{ kind: 'asc' }, { name: 'asc' }] });
      for (const child of contents) await deleteRow(tx, deps, ctx, child, now, `deleted with namespace ${ref.name}`);
    }
    return deleteRow(tx, deps, ctx, row, now);
  });
}
