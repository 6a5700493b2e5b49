import { decodeSecretValue } from '../input/config-input';
import { GATEWAY_GROUP, type GatewayView } from '../input/gateway-input';
import { keyOf } from '../input/object-meta';
import type { SnapshotIndex } from '../input/snapshot-index';
import type { BackendClientCertificate } from '../routing-table/routing-table';
import { containsPemCertificate, containsPemPrivateKey } from './pem';
import { isReferenceAllowed } from './reference-grants';

/** A Gateway's backend client certificate: none set, usable, or why not (the Gateway's ResolvedRefs=False). */
export type BackendClientCertificateResolution =
  | { state: 'none' }
  | { state: 'ok'; certificate: BackendClientCertificate }
  | { state: 'invalid'; reason: 'RefNotPermitted' | 'InvalidClientCertificateRef'; message: string };

/**
 * Resolves Gateway `spec.tls.backend.clientCertificateRef` (GEP-3155, standard in v1.6). A reference to another
 * namespace without a ReferenceGrant is RefNotPermitted; an allowed reference that is not a core Secret, does not
 * exist or lacks PEM `tls.crt`/`tls.key` is InvalidClientCertificateRef ("used only when the reference is
 * allowed"). A Secret of type kubernetes.io/tls is Core; other types (Opaque) are implementation-specific and
 * accepted when they hold both keys. An invalid reference leaves the Gateway Accepted (conformance
 * GatewayInvalidTLSBackendConfiguration) and the worker then presents no client certificate.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewaybackendtls
 */
export function resolveBackendClientCertificate(ix: SnapshotIndex, gateway: GatewayView): BackendClientCertificateResolution {
  const ref = gateway.backendClientCertificateRef;
  if (ref === undefined) return { state: 'none' };
  const label = `clientCertificateRef ${ref.group === '' ? 'core' : ref.group}/${ref.kind} ${keyOf(ref.namespace, ref.name)}`;
  const allowed = isReferenceAllowed(
    ix,
    { group: GATEWAY_GROUP, kind: 'Gateway', namespace: gateway.meta.namespace },
    { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name },
  );
  if (!allowed) return { state: 'invalid', reason: 'RefNotPermitted', message: `${label} is in another namespace and no ReferenceGrant in "${ref.namespace}" allows it` };
  const invalid = (why: string): BackendClientCertificateResolution => ({ state: 'invalid', reason: 'InvalidClientCertificateRef', message: `${label} ${why}` });
  if (ref.group !== '' || ref.kind !== 'Secret') return invalid('is not a core Secret');
  const secret = ix.secrets.get(keyOf(ref.namespace, ref.name));
  if (secret === undefined) return invalid('does not exist');
  const certPem = decodeSecretValue(secret, 'tls.crt');
  const keyPem = decodeSecretValue(secret, 'tls.key');
  if (certPem === undefined || keyPem === undefined) return invalid(`lacks ${certPem === undefined ? 'tls.crt' : 'tls.key'}`);
  if (!containsPemCertificate(certPem)) return invalid('has a tls.crt that is not a PEM certificate');
  if (!containsPemPrivateKey(keyPem)) return invalid('has a tls.key that is not a PEM private key');
  return {
    state: 'ok',
    certificate: { gateway: { namespace: gateway.meta.namespace, name: gateway.meta.name }, source: keyOf(ref.namespace, ref.name), certPem, keyPem },
  };
}

/** Gateway `ns/name` → its usable backend client certificate (the routing table puts it on every listener). */
export function backendClientCertificates(resolutions: ReadonlyMap<string, BackendClientCertificateResolution>): Map<string, BackendClientCertificate> {
  const out = new Map<string, BackendClientCertificate>();
  for (const [gateway, r] of resolutions) if (r.state === 'ok') out.set(gateway, r.certificate);
  return out;
}
