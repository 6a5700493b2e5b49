import type { KubeObject } from '../object/meta';

type Ref = { namespace?: string; name?: string; kind?: string; group?: string } | undefined;
type Validation = { validation?: { caCertificateRefs?: Ref[] } } | undefined;
type Frontend = { default?: Validation; perPort?: Array<{ tls?: Validation }> };

/**
 * `namespace/name` of the Secrets (or ConfigMaps) the data plane needs: those named by a TLS policy or a listener.
 * Only these leave the console (embedded feed) or are kept by a worker watching a cluster, so a worker never
 * holds values it does not use.
 */
export function referencedKeys(objects: KubeObject[], kind: 'Secret' | 'ConfigMap'): Set<string> {
  const keys = new Set<string>();
  const add = (ref: Ref, defaultNs: string, defaultKind = 'Secret') => {
    if (!ref?.name) return;
    if ((ref.kind ?? defaultKind) !== kind || (ref.group ?? '') !== '') return;
    keys.add(`${ref.namespace ?? defaultNs}/${ref.name}`);
  };
  for (const o of objects) {
    const ns = o.metadata.namespace ?? '';
    const spec = (o.spec ?? {}) as Record<string, unknown>;
    if (o.kind === 'UpstreamTLSPolicy') {
      add((spec.config as { certificateRef?: Ref } | undefined)?.certificateRef, ns);
      for (const p of (spec.ports as { config?: { certificateRef?: Ref } }[] | undefined) ?? []) add(p.config?.certificateRef, ns);
    } else if (o.kind === 'BackendTLSPolicy') {
      // caCertificateRefs are LocalObjectReferences with a required kind (ConfigMap or Secret).
      for (const r of ((spec.validation as { caCertificateRefs?: Ref[] } | undefined)?.caCertificateRefs ?? [])) add(r, ns, '');
    } else if (o.kind === 'ListenerSet') {
      // ListenerSet listeners carry certificateRefs like Gateway listeners (namespace defaults to the ListenerSet's).
      for (const l of (spec.listeners as { tls?: { certificateRefs?: Ref[] } }[] | undefined) ?? []) {
        for (const r of l.tls?.certificateRefs ?? []) add(r, ns);
      }
    } else if (o.kind === 'Gateway') {
      for (const l of (spec.listeners as { tls?: { certificateRefs?: Ref[] } }[] | undefined) ?? []) {
        for (const r of l.tls?.certificateRefs ?? []) add(r, ns);
      }
      const tls = spec.tls as { backend?: { clientCertificateRef?: Ref }; frontend?: Frontend } | undefined;
      add(tls?.backend?.clientCertificateRef, ns);
      // Client certificate validation CAs (GEP-91): ObjectReferences with a required kind (ConfigMap or Secret).
      const validations = [tls?.frontend?.default, ...(tls?.frontend?.perPort ?? []).map((p) => p.tls)];
      for (const v of validations) for (const r of v?.validation?.caCertificateRefs ?? []) add(r, ns, '');
    }
  }
  return keys;
}
