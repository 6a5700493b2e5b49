import type { KubeObject } from '@gatehouse/domain/object/meta';
import { APPLIED_HASH_ANNOTATION, INSTANCE_ANNOTATION, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../render/ownership';

/** The kinds an import reads from cluster namespaces (GatewayClasses follow the Gateways that name them). */
export const IMPORTED_KINDS = ['Gateway', 'ListenerSet', 'HTTPRoute', 'TLSRoute', 'ReferenceGrant', 'BackendTLSPolicy', 'UpstreamTLSPolicy', 'Service', 'ConfigMap', 'Secret'] as const;

// Annotations clients and controllers keep for themselves: never worth importing.
const DROPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision', INSTANCE_ANNOTATION, APPLIED_HASH_ANNOTATION]);

/** Why a live object is not imported (the cluster's own plumbing), or undefined to import it. */
export function skipReason(obj: KubeObject): string | undefined {
  if (obj.kind === 'ConfigMap' && obj.metadata.name === 'kube-root-ca.crt') return 'the cluster\'s own CA bundle (every namespace has one)';
  if (obj.kind === 'Secret') {
    const type = String((obj as { type?: string }).type ?? '');
    if (type === 'kubernetes.io/service-account-token') return 'a service account token';
    if (type.startsWith('helm.sh/')) return 'a Helm release record';
  }
  return undefined;
}

/**
 * A live object as Gatehouse stores it: server-owned metadata, managedFields, status and ownerReferences
 * removed, client bookkeeping annotations dropped, Gatehouse's own ownership marks removed (they are added at
 * push). Services keep their spec (the cluster's Service is referenced, never pushed back). Pure.
 */
export function fromCluster(obj: KubeObject): KubeObject {
  const { status: _status, ...rest } = obj as KubeObject & { status?: unknown };
  const m = obj.metadata as KubeObject['metadata'] & Record<string, unknown>;
  const labels = Object.fromEntries(Object.entries(m.labels ?? {}).filter(([k, v]) => !(k === MANAGED_BY_LABEL && v === MANAGED_BY_VALUE)));
  const annotations = Object.fromEntries(Object.entries(m.annotations ?? {}).filter(([k]) => !DROPPED_ANNOTATIONS.has(k)));
  const metadata: KubeObject['metadata'] = { name: m.name, ...(m.namespace ? { namespace: m.namespace } : {}) };
  if (Object.keys(labels).length) metadata.labels = labels;
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  const out: KubeObject = { ...rest, metadata };
  if (obj.kind === 'Service') {
    const { clusterIP: _a, clusterIPs: _b, ...spec } = (obj.spec ?? {}) as Record<string, unknown>;
    out.spec = spec;
  }
  return out;
}
