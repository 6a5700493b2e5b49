import { DomainError, isDomainError, type ErrorDetail } from '@gatehouse/domain/errors/domain-error';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { parseObject } from '@gatehouse/domain/registry/parse-object';
import { authorize, type RequestContext } from '../auth/principal';
import { describeRef, refOf } from '../store/object-key';
import type { ServiceDeps } from './deps';
import { writeObject, type WriteOutcome } from './object-writer';
import { runWrite } from './write-transaction';

export interface ApplyResult {
  dryRun: boolean;
  results: { apiVersion: string; kind: string; namespace?: string; name: string; outcome: WriteOutcome }[];
}

/**
 * Creates or updates every object, all or nothing: all documents are validated first (every problem of every
 * document is reported, paths prefixed with the document index), then written in one transaction.
 */
export async function applyObjects(
  deps: ServiceDeps,
  ctx: RequestContext,
  inputs: unknown[],
  opts: { dryRun?: boolean; defaultNamespace?: string } = {},
): Promise<ApplyResult> {
  authorize(ctx, 'resources.write');
  if (inputs.length === 0) throw new DomainError('invalid', 'nothing to apply: the body holds no objects', [{ path: '(root)', message: 'no objects' }]);
  const details: ErrorDetail[] = [];
  const objects: KubeObject[] = [];
  const seen = new Map<string, number>();
  inputs.forEach((input, i) => {
    try {
      const obj = parseObject(input, { pathPrefix: `[${i}]`, defaultNamespace: opts.defaultNamespace ?? 'default' });
      const key = describeRef(refOf(obj));
      const first = seen.get(key);
      if (first !== undefined) details.push({ path: `[${i}].metadata.name`, message: `${key} appears twice (also document ${first})` });
      seen.set(key, i);
      objects.push(obj);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      details.push(...(e.details.length > 0 ? e.details : [{ path: `[${i}]`, message: e.message }]));
    }
  });
  if (details.length > 0) {
    const first = details.slice(0, 3).map((d) => `${d.path}: ${d.message}`).join('; ');
    throw new DomainError('invalid', `${details.length} problem(s) in the manifests, nothing was applied: ${first}${details.length > 3 ? '; …' : ''}`, details);
  }
  // Namespaces first, so objects in them find them (Kubernetes clients order the same way).
  const ordered = [...objects].sort((a, b) => Number(b.kind === 'Namespace') - Number(a.kind === 'Namespace'));
  const now = deps.now();
  const results = await runWrite(deps, opts, async (tx) => {
    const out: ApplyResult['results'] = [];
    for (const obj of ordered) {
      const r = await writeObject(tx, deps, ctx, obj, { mode: 'upsert', action: () => 'apply', checkResourceVersion: 'if-changed' }, now, 'apply');
      out.push({ apiVersion: obj.apiVersion, kind: obj.kind, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}), name: obj.metadata.name, outcome: r.outcome });
    }
    return out;
  });
  return { dryRun: opts.dryRun === true, results };
}
