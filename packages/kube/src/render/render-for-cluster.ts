import { REDACTED_DATA_ANNOTATION } from '@gatehouse/domain/config/secret.schema';
import { isLoopbackIp } from '@gatehouse/domain/object/ip-address';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { byApplyOrder, PUSHED_KINDS } from './apply-order';
import { APPLIED_HASH_ANNOTATION, contentHash, INSTANCE_ANNOTATION, MANAGED_BY_LABEL, MANAGED_BY_VALUE, type Ownership } from './ownership';

export interface RenderInput {
  /** Every object of the Gatehouse store that may be in scope (Secret values included). */
  objects: KubeObject[];
  /** The namespaces to push. */
  namespaces: string[];
  ownership: Ownership;
  /**
   * Objects that exist in the cluster and were imported from it (key `Kind/namespace/name`): Gatehouse co-owns
   * their fields but never marks them as its own, so a push leaves them unchanged and a prune never deletes them.
   */
  adopted?: ReadonlySet<string>;
}

export interface RenderedObject {
  /** `Kind/namespace/name` (namespace empty for cluster-scoped kinds). */
  key: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** The manifest to server-side apply (without the applied-hash annotation when adopted). */
  manifest: KubeObject;
  /** Why it cannot be pushed as it is (the push reports these as failed, never sends the object). */
  problems: string[];
  /** Marked as Gatehouse's (ownership label + instance annotation). */
  owned: boolean;
}

export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

// Gatehouse's own bookkeeping on a Secret read without values: never sent to a cluster.
const INTERNAL_ANNOTATIONS = new Set([REDACTED_DATA_ANNOTATION]);

function cleanMetadata(meta: KubeObject['metadata']): KubeObject['metadata'] {
  const out: KubeObject['metadata'] = { name: meta.name };
  if (meta.namespace) out.namespace = meta.namespace;
  if (meta.labels && Object.keys(meta.labels).length > 0) out.labels = { ...meta.labels };
  const annotations = Object.fromEntries(Object.entries(meta.annotations ?? {}).filter(([k]) => !INTERNAL_ANNOTATIONS.has(k)));
  if (Object.keys(annotations).length > 0) out.annotations = annotations;
  return out;
}

function problemsOf(obj: KubeObject): string[] {
  const problems: string[] = [];
  if (obj.kind === 'EndpointSlice') {
    const endpoints = (obj.endpoints as { addresses?: string[] }[] | undefined) ?? [];
    for (const [i, e] of endpoints.entries()) {
      for (const a of e.addresses ?? []) {
        if (isLoopbackIp(a)) problems.push(`endpoints[${i}].addresses: ${a} is a loopback address, which Kubernetes refuses in an EndpointSlice (it is only reachable on the machine the console runs on)`);
      }
    }
  }
  return problems;
}

/** The manifest of one object as the cluster should hold it: no server-owned metadata, no status. */
function manifestOf(obj: KubeObject): KubeObject {
  const { metadata, status: _status, ...rest } = obj as KubeObject & { status?: unknown };
  const out: KubeObject = { ...rest, apiVersion: obj.apiVersion, kind: obj.kind, metadata: cleanMetadata(metadata) };
  if (obj.kind === 'Service') {
    // A Service that exists only in Gatehouse is pushed without a selector: its endpoints are the EndpointSlices
    // Gatehouse pushes beside it, not pods (a selector would make the cluster's EndpointSlice controller manage it).
    // Cluster IPs are the cluster's to allocate.
    const { selector: _selector, clusterIP: _ip, clusterIPs: _ips, ...spec } = (obj.spec ?? {}) as Record<string, unknown>;
    out.spec = spec;
  }
  if (obj.kind === 'Secret' && out.stringData === undefined && out.data === undefined) out.data = {};
  return out;
}

function mark(manifest: KubeObject, own: Ownership): KubeObject {
  const meta = manifest.metadata;
  const marked: KubeObject = {
    ...manifest,
    metadata: {
      ...meta,
      labels: { ...(meta.labels ?? {}), [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
      annotations: { ...(meta.annotations ?? {}), [INSTANCE_ANNOTATION]: own.instance },
    },
  };
  marked.metadata.annotations![APPLIED_HASH_ANNOTATION] = contentHash(marked);
  return marked;
}

/**
 * Renders what a push of `namespaces` sends to a cluster, in apply order (pure: same input, same output):
 * - every pushed kind in those namespaces (Gateways, HTTPRoutes, ReferenceGrants, TLS policies, Secrets with
 *   their values, ConfigMaps, Services and EndpointSlices);
 * - the GatewayClasses those Gateways name, when Gatehouse has them;
 * - a Namespace object per namespace (created when missing; never changed or deleted once it exists).
 * Gatehouse's own objects are marked (ownership label, instance and applied-hash annotations); adopted
 * (imported) objects are rendered as they are.
 */
export function renderForCluster(input: RenderInput): RenderedObject[] {
  const inScope = new Set(input.namespaces);
  const selected = input.objects.filter((o) => PUSHED_KINDS.includes(o.kind) && o.kind !== 'Namespace' && o.kind !== 'GatewayClass' && inScope.has(o.metadata.namespace ?? ''));
  const classNames = new Set(selected.filter((o) => o.kind === 'Gateway').map((o) => String((o.spec as { gatewayClassName?: string } | undefined)?.gatewayClassName ?? '')));
  const classes = input.objects.filter((o) => o.kind === 'GatewayClass' && classNames.has(o.metadata.name));
  const namespaces: KubeObject[] = [...inScope].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  const out: RenderedObject[] = [];
  for (const obj of [...namespaces, ...classes, ...selected]) {
    const namespace = obj.metadata.namespace || undefined;
    const key = objectKey(obj.kind, namespace, obj.metadata.name);
    const adopted = input.adopted?.has(key) ?? false;
    const base = manifestOf(obj);
    out.push({
      key, apiVersion: obj.apiVersion, kind: obj.kind, ...(namespace ? { namespace } : {}), name: obj.metadata.name,
      manifest: adopted ? base : mark(base, input.ownership), problems: problemsOf(obj), owned: !adopted,
    });
  }
  return out.sort(byApplyOrder);
}
