import { expectOk, type KubeRest } from './kube-rest';

export interface ResourceInfo {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

interface ApiResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

const caches = new WeakMap<KubeRest, Map<string, Promise<ApiResourceList | undefined>>>();

/** `/api/v1` or `/apis/<group>/<version>` for an apiVersion. */
export function apiPrefix(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

async function resourceList(rest: KubeRest, apiVersion: string): Promise<ApiResourceList | undefined> {
  let cache = caches.get(rest);
  if (!cache) caches.set(rest, (cache = new Map()));
  let hit = cache.get(apiVersion);
  if (!hit) {
    hit = rest.request<ApiResourceList>('GET', apiPrefix(apiVersion)).then((r) => (r.status === 404 ? undefined : expectOk(r, `discovery ${apiVersion}`)));
    cache.set(apiVersion, hit);
    // A group that is not served yet (CRD about to be installed) is asked again next time.
    hit.then((v) => v === undefined && cache.delete(apiVersion), () => cache.delete(apiVersion));
  }
  return hit;
}

/** Forgets what discovery answered (after installing CRDs). */
export function forgetDiscovery(rest: KubeRest): void {
  caches.delete(rest);
}

/** The REST resource of a kind, or undefined when the cluster does not serve it (CRD missing). */
export async function resourceFor(rest: KubeRest, apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
  const list = await resourceList(rest, apiVersion);
  const r = list?.resources.find((x) => x.kind === kind && !x.name.includes('/'));
  return r ? { apiVersion, kind, plural: r.name, namespaced: r.namespaced } : undefined;
}

/** The path of a collection (name undefined) or of one object. */
export function objectPath(res: ResourceInfo, namespace: string | undefined, name?: string): string {
  const ns = res.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${apiPrefix(res.apiVersion)}${ns}/${res.plural}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
}
