import type { KubeObject } from '@gatehouse/domain/object/meta';
import { objectPath, type ResourceInfo } from '../client/discovery';
import { statusMessage, type KubeRest } from '../client/kube-rest';
import { objectDiff, sameObject } from '../diff/unified-diff';
import { projectOnto } from '../diff/project';
import { byApplyOrder, PUSHED_KINDS } from '../render/apply-order';
import { APPLIED_HASH_ANNOTATION, FIELD_MANAGER, isOwnedBy, type Ownership } from '../render/ownership';
import { objectKey, type RenderedObject } from '../render/render-for-cluster';
import { canonicalJson } from '../render/ownership';
import { loadLiveIndex, type LiveIndex } from './live-index';
import { mapPool } from './pool';

export type PlanAction = 'create' | 'update' | 'unchanged' | 'delete';

/** One object of a plan: what the REST API answers, plus what a push needs to carry it out. */
export interface PlannedObject {
  key: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  action: PlanAction;
  diff: string;
  problems: string[];
  note?: string;
  /** Set when the only problem is a field-manager conflict, which `force` overrides. */
  conflict?: boolean;
  rendered?: RenderedObject;
  live?: KubeObject;
  resource?: ResourceInfo;
}

export interface PlanOptions {
  namespaces: string[];
  ownership: Ownership;
  /** Only these keys (`Kind/namespace/name`) end up in the plan. */
  only?: ReadonlySet<string>;
  concurrency?: number;
}

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** Server-side apply of one manifest; `dryRun` asks the server what it would do without storing anything. */
export function serverSideApply(rest: KubeRest, res: ResourceInfo, manifest: KubeObject, opts: { dryRun?: boolean; force?: boolean }) {
  return rest.request<KubeObject>('PATCH', objectPath(res, manifest.metadata.namespace, manifest.metadata.name), {
    query: { fieldManager: FIELD_MANAGER, force: opts.force ? 'true' : undefined, dryRun: opts.dryRun ? 'All' : undefined },
    body: manifest,
    contentType: 'application/apply-patch+yaml',
  });
}

const labelOf = (o: { kind: string; namespace?: string | undefined; name: string }) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

/** True when the live object still holds exactly what this manifest applied last time: no request needed. */
function stillApplied(live: KubeObject, manifest: KubeObject): boolean {
  const hash = manifest.metadata.annotations?.[APPLIED_HASH_ANNOTATION];
  if (!hash || live.metadata.annotations?.[APPLIED_HASH_ANNOTATION] !== hash) return false;
  return canonicalJson(projectOnto(live, manifest)) === canonicalJson(manifest);
}

async function planOne(rest: KubeRest, r: RenderedObject, index: LiveIndex, referencedServices: Set<string>, own: Ownership, newNamespaces: Set<string>): Promise<PlannedObject> {
  const live = index.objects.get(r.key);
  const base = { key: r.key, apiVersion: r.apiVersion, kind: r.kind, ...(r.namespace ? { namespace: r.namespace } : {}), name: r.name, rendered: r, ...(live ? { live } : {}) };
  const exists: PlanAction = live ? 'update' : 'create';
  const res = index.resources.get(r.kind);
  if (!res) {
    return { ...base, action: exists, diff: objectDiff(undefined, r.manifest, labelOf(r)), problems: [`the cluster does not serve ${index.unserved.get(r.kind) ?? r.apiVersion} ${r.kind}: install its CRD (the cluster's check offers it)`] };
  }
  const withRes = { ...base, resource: res };
  if (r.kind === 'Namespace' && live) {
    return { ...withRes, action: 'unchanged', diff: '', problems: [], note: 'the namespace exists; Gatehouse never changes or deletes namespaces' };
  }
  if (r.kind === 'Service' && live && !isOwnedBy(live.metadata, own)) {
    return { ...withRes, action: 'unchanged', diff: '', problems: [], note: 'the Service exists in the cluster and is not Gatehouse\'s: it is referenced, never overwritten' };
  }
  if (r.kind === 'EndpointSlice') {
    const svc = r.manifest.metadata.labels?.[SERVICE_NAME_LABEL];
    if (svc && referencedServices.has(`${r.namespace}/${svc}`)) {
      return { ...withRes, action: 'unchanged', diff: '', problems: [], note: `not pushed: Service ${svc} is the cluster's own, and its endpoints are the cluster's` };
    }
  }
  if (r.problems.length > 0) {
    return { ...withRes, action: exists, diff: objectDiff(live && (projectOnto(live, r.manifest) as KubeObject), r.manifest, labelOf(r)), problems: r.problems };
  }
  if (live && r.owned && stillApplied(live, r.manifest)) return { ...withRes, action: 'unchanged', diff: '', problems: [] };
  if (!live && r.namespace && newNamespaces.has(r.namespace)) {
    // The API server cannot dry-run into a namespace that does not exist yet (NamespaceLifecycle answers 404,
    // as `kubectl diff` finds too): the diff is the manifest itself, and validation happens at push.
    return { ...withRes, action: 'create', diff: objectDiff(undefined, r.manifest, labelOf(r)), problems: [], note: `namespace ${r.namespace} is created by this push: the API server validates this object then` };
  }
  const dry = await serverSideApply(rest, res, r.manifest, { dryRun: true });
  if (dry.status === 200 || dry.status === 201) {
    const after = dry.json;
    if (live && sameObject(live, after)) return { ...withRes, action: 'unchanged', diff: '', problems: [] };
    return { ...withRes, action: exists, diff: objectDiff(live, after, labelOf(r)), problems: [] };
  }
  const diff = objectDiff(live && (projectOnto(live, r.manifest) as KubeObject), r.manifest, labelOf(r));
  if (dry.status === 409) {
    return { ...withRes, action: exists, diff, problems: [`conflict with another field manager: ${statusMessage(dry)} (push with force to take the fields over)`], conflict: true };
  }
  return { ...withRes, action: exists, diff, problems: [`the API server refused it (${dry.status}): ${statusMessage(dry)}`] };
}

/**
 * What a push of `rendered` would do, asked of the API server itself: per object *create*, *update* (with the
 * diff of what changes in the cluster, from a `dryRun=All` server-side apply, so defaults, admission and other
 * managers' fields are the server's word, as with `kubectl diff`), *unchanged*, or *delete* (carries this
 * instance's ownership marks in the cluster and is gone from Gatehouse). Reads one LIST per kind and namespace;
 * an object whose live copy still holds exactly what was applied last time needs no request at all.
 */
export async function planPush(rest: KubeRest, rendered: RenderedObject[], opts: PlanOptions): Promise<PlannedObject[]> {
  const kinds = PUSHED_KINDS.filter((k) => k !== 'Namespace' && k !== 'GatewayClass');
  const clusterScoped = rendered.filter((r) => !r.namespace).map((r) => ({ kind: r.kind, name: r.name }));
  const index = await loadLiveIndex(rest, kinds, opts.namespaces, clusterScoped);
  const referencedServices = new Set<string>();
  for (const r of rendered) {
    const live = index.objects.get(r.key);
    if (r.kind === 'Service' && live && !isOwnedBy(live.metadata, opts.ownership)) referencedServices.add(`${r.namespace}/${r.name}`);
  }
  const newNamespaces = new Set(rendered.filter((r) => r.kind === 'Namespace' && !index.objects.has(r.key)).map((r) => r.name));
  const wanted = opts.only ? rendered.filter((r) => opts.only!.has(r.key)) : rendered;
  const items = await mapPool(wanted, opts.concurrency ?? 8, (r) => planOne(rest, r, index, referencedServices, opts.ownership, newNamespaces));
  const desired = new Set(rendered.map((r) => r.key));
  for (const [key, live] of index.objects) {
    if (desired.has(key) || !isOwnedBy(live.metadata, opts.ownership)) continue;
    if (opts.only && !opts.only.has(key)) continue;
    const kind = live.kind;
    if (kind === 'Namespace' || kind === 'GatewayClass') continue; // never pruned: other namespaces may use them
    const namespace = live.metadata.namespace;
    const item = { kind, ...(namespace ? { namespace } : {}), name: live.metadata.name };
    items.push({ key, apiVersion: live.apiVersion, ...item, action: 'delete', diff: objectDiff(live, undefined, labelOf(item)), problems: [], live, ...(index.resources.get(kind) ? { resource: index.resources.get(kind)! } : {}) });
  }
  return items.sort(byApplyOrder);
}

export { objectKey };
