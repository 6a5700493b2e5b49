import { asDict, asString, type Dict } from './read-field';

/** Gateway `spec.tls.backend.clientCertificateRef` (a SecretObjectReference) with the CRD defaults applied. */
export interface SecretRefView {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Reads `spec.tls.backend.clientCertificateRef` (GEP-3155, standard in v1.6): group defaults to core, kind to
 * Secret, namespace to the Gateway's. Undefined when the Gateway does not set one.
 */
export function readBackendClientCertificateRef(spec: Dict | undefined, gatewayNamespace: string): SecretRefView | undefined {
  const ref = asDict(asDict(asDict(spec?.tls)?.backend)?.clientCertificateRef);
  if (ref === undefined) return undefined;
  return {
    group: asString(ref.group) ?? '',
    kind: asString(ref.kind) ?? 'Secret',
    namespace: asString(ref.namespace) ?? gatewayNamespace,
    name: asString(ref.name) ?? '',
  };
}
