import { hrefOf } from '../resource-detail/resource-href';

const GROUPS: Record<string, string> = {
  Gateway: 'gateway.networking.k8s.io', HTTPRoute: 'gateway.networking.k8s.io', TLSRoute: 'gateway.networking.k8s.io', BackendTLSPolicy: 'gateway.networking.k8s.io',
  UpstreamTLSPolicy: 'gateway.flomesh.io', Service: '', Secret: '', ConfigMap: '',
};

/**
 * Where a topology node leads: the object's page (one URL scheme, resource-href.ts), the certificate's page for a
 * managed certificate, the inventory for one only read from a Secret; nothing for an object that does not exist.
 */
export function nodeHref(n: { kind: string; namespace: string; name: string; missing: boolean; certificateId: string | null }): string | undefined {
  if (n.missing) return undefined;
  if (n.kind === 'Certificate') return n.certificateId ? `/certificates/${encodeURIComponent(n.certificateId)}` : '/certificates';
  if (n.kind === 'Listener') return hrefOf({ group: GROUPS.Gateway ?? '', kind: 'Gateway', namespace: n.namespace, name: n.name });
  const group = GROUPS[n.kind];
  return group === undefined ? undefined : hrefOf({ group, kind: n.kind, namespace: n.namespace, name: n.name });
}
