import { DomainError, isDomainError, type ErrorDetail } from '@gatehouse/domain/errors/domain-error';
import { parseManifests } from '@gatehouse/domain/manifest/parse-manifests';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { parseObject } from '@gatehouse/domain/registry/parse-object';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';

/** What a draft did to the configuration it was laid over. */
export interface DraftChange {
  kind: string;
  namespace: string;
  name: string;
  change: 'added' | 'replaced';
}

const identity = (o: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>) => {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
  return `${group}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
};

/**
 * Reads draft manifests (YAML or JSON, one or many documents) the way apply does: every document through
 * parseObject, every problem of every document reported at once with its `[index]` path, nothing half-read.
 * The draft field of the simulator form is the path prefix: `draft[1].spec.rules[0]`.
 */
export function parseDraft(text: string, defaultNamespace: string): KubeObject[] {
  let docs: unknown[];
  try {
    docs = parseManifests(text, 'yaml');
  } catch (e) {
    if (!isDomainError(e)) throw e;
    throw new DomainError('invalid', `draft: ${e.message}`, e.details.map((d) => ({ path: `draft${d.path}`, message: d.message })));
  }
  const details: ErrorDetail[] = [];
  const objects: KubeObject[] = [];
  const seen = new Map<string, number>();
  docs.forEach((doc, i) => {
    try {
      const obj = parseObject(doc, { pathPrefix: `draft[${i}]`, defaultNamespace });
      const id = identity(obj);
      const first = seen.get(id);
      if (first !== undefined) details.push({ path: `draft[${i}].metadata.name`, message: `${obj.kind} ${obj.metadata.name} appears twice (also document ${first + 1})` });
      seen.set(id, i);
      objects.push(obj);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      details.push(...(e.details.length > 0 ? e.details : [{ path: `draft[${i}]`, message: e.message }]));
    }
  });
  if (details.length > 0) {
    const first = details.slice(0, 3).map((d) => `${d.path}: ${d.message}`).join('; ');
    throw new DomainError('invalid', `the draft has ${details.length} problem(s): ${first}${details.length > 3 ? '; …' : ''}`, details);
  }
  return objects;
}

/**
 * Lays draft objects over a snapshot: an object with the same group/kind/namespace/name replaces the stored one
 * and keeps its identity and age (uid, creationTimestamp — the "oldest route wins" tie-break must not move);
 * a new object is added as the newest one (creationTimestamp = now). Pure: the moment is passed in.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule (precedence: oldest Route)
 */
export function overlayDraft(base: ConfigSnapshot, draft: readonly KubeObject[], now: string): { snapshot: ConfigSnapshot; changes: DraftChange[] } {
  const byId = new Map<string, number>();
  base.objects.forEach((o, i) => byId.set(identity(o), i));
  const objects = [...base.objects];
  const changes: DraftChange[] = [];
  for (const d of draft) {
    const at = byId.get(identity(d));
    const where = { kind: d.kind, namespace: d.metadata.namespace ?? '', name: d.metadata.name };
    if (at !== undefined) {
      const old = objects[at] as KubeObject;
      const { uid, creationTimestamp, generation } = old.metadata;
      objects[at] = { ...d, metadata: { ...d.metadata, ...(uid ? { uid } : {}), ...(creationTimestamp ? { creationTimestamp } : {}), generation: (generation ?? 1) + 1 } };
      changes.push({ ...where, change: 'replaced' });
    } else {
      byId.set(identity(d), objects.length);
      objects.push({ ...d, metadata: { ...d.metadata, uid: `draft:${identity(d)}`, creationTimestamp: now, generation: 1 } });
      changes.push({ ...where, change: 'added' });
    }
  }
  return { snapshot: { revision: base.revision, objects }, changes };
}
