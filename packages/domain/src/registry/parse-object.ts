import { DomainError, type ErrorDetail } from '../errors/domain-error';
import { formatPath, zodIssuesToDetails } from '../errors/zod-issues';
import type { KubeObject } from '../object/meta';
import { isPlainObject, pruneNulls } from '../object/prune-nulls';
import { apiVersionOf, type KindInfo } from './kind-info';
import { KINDS, findKindByGroupKind, splitApiVersion } from './kinds';

export interface ParseObjectOptions {
  /** Prefix of every error path, e.g. `[2]` for the third document of an apply. */
  pathPrefix?: string;
  /** Namespace given to a namespaced object that names none (kubectl's `-n`). */
  defaultNamespace?: string;
}

/**
 * Validates one object of any stored kind the way the API server admits it, and returns it normalised: nulls
 * pruned, defaults applied, unknown fields and `status` dropped, apiVersion converted to the storage version.
 *
 * Namespaces: a namespaced object without one gets `defaultNamespace` (if given); a cluster-scoped object that
 * names one is refused (the API server would silently clear it; refusing tells the user their manifest is wrong).
 * An empty namespace counts as none, as in Kubernetes.
 *
 * Throws DomainError('invalid') listing every problem found, each with its path under `pathPrefix`.
 */
export function parseObject(input: unknown, opts: ParseObjectOptions = {}): KubeObject {
  const prefix = opts.pathPrefix ?? '';
  const at = (...path: PropertyKey[]) => formatPath(path, prefix);
  const fail = (summary: string, details: ErrorDetail[]): never => {
    throw new DomainError('invalid', `${summary}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
  };

  if (!isPlainObject(input)) fail('not an object', [{ path: at(), message: 'must be a Kubernetes object (a mapping with apiVersion, kind and metadata)' }]);
  const obj = pruneNulls(input) as Record<string, unknown>;

  const info = resolveKind(obj, at, fail);
  const details: ErrorDetail[] = [];

  const metadata = obj['metadata'];
  if (isPlainObject(metadata)) {
    const meta: Record<string, unknown> = { ...metadata };
    if (meta['namespace'] === '') delete meta['namespace'];
    if (info.namespaced) {
      if (meta['namespace'] === undefined && opts.defaultNamespace !== undefined) meta['namespace'] = opts.defaultNamespace;
    } else if (meta['namespace'] !== undefined) {
      details.push({ path: at('metadata', 'namespace'), message: `must not be set: ${info.kind} is cluster-scoped` });
    }
    obj['metadata'] = meta;
  }

  const result = info.schema.safeParse(obj);
  if (!result.success) details.push(...zodIssuesToDetails(result.error, prefix));
  if (details.length > 0 || !result.success) fail(`${info.kind} ${describeName(obj)} is invalid`, details);
  return result.data as KubeObject;
}

function resolveKind(
  obj: Record<string, unknown>,
  at: (...path: PropertyKey[]) => string,
  fail: (summary: string, details: ErrorDetail[]) => never,
): KindInfo {
  const apiVersion = obj['apiVersion'];
  const kind = obj['kind'];
  const details: ErrorDetail[] = [];
  if (typeof apiVersion !== 'string' || apiVersion === '') details.push({ path: at('apiVersion'), message: 'Required value: apiVersion must be a string such as gateway.networking.k8s.io/v1' });
  if (typeof kind !== 'string' || kind === '') details.push({ path: at('kind'), message: 'Required value: kind must be a string such as HTTPRoute' });
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || details.length > 0) return fail('object without apiVersion or kind', details);

  const { group, version } = splitApiVersion(apiVersion);
  const info = findKindByGroupKind(group, kind);
  if (info === undefined) {
    const sameKind = KINDS.find((k) => k.kind === kind);
    if (sameKind !== undefined)
      return fail(`apiVersion ${apiVersion} has no kind ${kind}`, [
        { path: at('apiVersion'), message: `${kind} is served as ${sameKind.servedVersions.map((v) => apiVersionOf(sameKind.group, v)).join(', ')}, not ${apiVersion}` },
      ]);
    return fail(`${kind} (${apiVersion}) is not a kind Gatehouse stores`, [
      { path: at('kind'), message: `unknown kind ${kind} (${apiVersion}); Gatehouse stores ${KINDS.map((k) => k.kind).join(', ')}` },
    ]);
  }
  if (!info.servedVersions.includes(version))
    return fail(`${apiVersion} is not served for ${kind}`, [
      { path: at('apiVersion'), message: `version ${version} of ${kind} is not served; use ${info.servedVersions.map((v) => apiVersionOf(info.group, v)).join(' or ')}` },
    ]);
  return info;
}

function describeName(obj: Record<string, unknown>): string {
  const meta = obj['metadata'];
  if (!isPlainObject(meta) || typeof meta['name'] !== 'string') return '(unnamed)';
  return typeof meta['namespace'] === 'string' ? `${meta['namespace']}/${meta['name']}` : meta['name'];
}
