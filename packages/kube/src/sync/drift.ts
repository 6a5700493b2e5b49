import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { KubeRest } from '../client/kube-rest';
import { objectDiff } from '../diff/unified-diff';
import { projectOnto } from '../diff/project';
import { canonicalJson } from '../render/ownership';
import { loadLiveIndex } from './live-index';

/** What Gatehouse last applied to one object, as recorded at push (Secret values already replaced by keyed hashes). */
export interface PushedRecord {
  key: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  manifest: KubeObject;
}

export interface DriftFinding {
  key: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  state: 'changed' | 'deleted';
  diff: string;
  live?: KubeObject;
}

/**
 * Drift: objects Gatehouse pushed that someone changed or deleted in the cluster since. The live object is seen
 * through the shape of what was pushed (`projectOnto`), so server defaults and other controllers' additions
 * (status, their own labels) are not drift; a field Gatehouse set that now holds another value, or is gone, is.
 * `redact` turns a live Secret into the form records are kept in (values → keyed hashes) before comparing.
 */
export async function detectDrift(rest: KubeRest, records: PushedRecord[], redact: (o: KubeObject) => KubeObject): Promise<DriftFinding[]> {
  if (records.length === 0) return [];
  const namespaced = records.filter((r) => r.namespace);
  const kinds = [...new Set(namespaced.map((r) => r.kind))];
  const namespaces = [...new Set(namespaced.map((r) => r.namespace!))];
  const clusterScoped = records.filter((r) => !r.namespace).map((r) => ({ kind: r.kind, name: r.name }));
  const index = await loadLiveIndex(rest, kinds, namespaces, clusterScoped);
  const out: DriftFinding[] = [];
  for (const r of records) {
    const label = `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
    const base = { key: r.key, apiVersion: r.apiVersion, kind: r.kind, ...(r.namespace ? { namespace: r.namespace } : {}), name: r.name };
    if (index.unserved.has(r.kind)) {
      out.push({ ...base, state: 'deleted', diff: objectDiff(r.manifest, undefined, label, ['pushed', 'cluster now']) });
      continue;
    }
    const live = index.objects.get(r.key);
    if (!live) {
      out.push({ ...base, state: 'deleted', diff: objectDiff(r.manifest, undefined, label, ['pushed', 'cluster now']) });
      continue;
    }
    const seen = projectOnto(redact(live), r.manifest) as KubeObject;
    if (canonicalJson(seen) !== canonicalJson(r.manifest)) {
      out.push({ ...base, state: 'changed', diff: objectDiff(r.manifest, seen, label, ['pushed', 'cluster now']), live });
    }
  }
  return out;
}
