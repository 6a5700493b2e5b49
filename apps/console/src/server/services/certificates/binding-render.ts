import { loadCertificate } from '@gatehouse/certs/x509/load-certificate';
import type { BindingKeys, BindingShape } from '@gatehouse/domain/certificate/bind-certificate.schema';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { REDACTED_ANNOTATION } from '../../store/resource-codec';

/** Set on every Secret/ConfigMap Gatehouse renders from a certificate: which certificate it follows. */
export const CERTIFICATE_ANNOTATION = 'gatehouse.dev/certificate';

/** What a bound object is rendered from. The key is in memory only for the length of one write. */
export interface CertificateMaterial {
  id: string;
  certificatePem: string;
  /** Issuers above it, nearest first. */
  chain: readonly string[];
  privateKeyPem: string | null;
  isCA: boolean;
  /**
   * For a renewed CA: the certificates it replaced that are still valid and not revoked. They stay in CA
   * bundles so that leaves issued before the renewal keep verifying until they are renewed too (a CA rotation
   * must overlap, or every existing leaf breaks at once).
   */
  predecessors: readonly string[];
}

/** The data key names a shape writes (tls: the kubernetes.io/tls names; ca-bundle: ca.crt; custom: as given). */
export function keysForShape(shape: BindingShape, includeCa: boolean, custom: BindingKeys | undefined): BindingKeys {
  if (shape === 'tls') return { certificate: 'tls.crt', privateKey: 'tls.key', ...(includeCa ? { ca: 'ca.crt' } : {}) };
  if (shape === 'ca-bundle') return { ca: 'ca.crt' };
  return { ...custom };
}

function isSelfSigned(pem: string): boolean {
  const x = loadCertificate(pem).x509;
  return x.subject === x.issuer && x.verify(x.publicKey);
}

/** What a server presents: the certificate and its intermediates, leaf first, without the root (RFC 8446 §4.4.2). */
export function servingChain(m: CertificateMaterial): string {
  return [m.certificatePem, ...m.chain.filter((c) => !isSelfSigned(c))].join('');
}

/**
 * The CA bundle that verifies this certificate's subject: a CA's own certificate, its still-valid predecessors
 * and its issuers (so a policy trusting an intermediate also has the root to build the path to), or a leaf's
 * issuers.
 */
export function caBundle(m: CertificateMaterial): string {
  return (m.isCA ? [m.certificatePem, ...m.predecessors, ...m.chain] : [...m.chain]).join('');
}

/** The PEM text of each data key. Refuses parts the certificate cannot supply (no key held, no issuer known). */
export function renderBindingData(m: CertificateMaterial, keys: BindingKeys): Record<string, string> {
  const data: Record<string, string> = {};
  if (keys.certificate) data[keys.certificate] = servingChain(m);
  if (keys.privateKey) {
    if (m.privateKeyPem === null) {
      throw new DomainError('invalid', 'Gatehouse does not hold the private key of this certificate, so it cannot write one into a Secret', [
        { path: 'shape', message: 'needs a private key; use the ca-bundle shape or a custom shape without privateKey' },
      ]);
    }
    data[keys.privateKey] = m.privateKeyPem;
  }
  if (keys.ca) {
    const bundle = caBundle(m);
    if (bundle === '') {
      throw new DomainError('invalid', 'no CA certificate is known for this certificate (it is not a CA and its issuers are not stored)', [{ path: 'shape', message: 'no CA bundle' }]);
    }
    data[keys.ca] = bundle;
  }
  return data;
}

export interface BindingTarget {
  kind: 'Secret' | 'ConfigMap';
  namespace: string;
  name: string;
  shape: BindingShape;
}

/**
 * The Secret or ConfigMap to write: the existing object's other keys, labels and annotations are kept, ours are
 * set. A tls binding needs a `kubernetes.io/tls` Secret, and Kubernetes never changes a Secret's type, so an
 * existing Secret of another type is a conflict rather than something to overwrite.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets
 */
export function renderBoundObject(target: BindingTarget, certificateId: string, pem: Record<string, string>, existing: KubeObject | null): Record<string, unknown> {
  const annotations: Record<string, string> = { ...(existing?.metadata.annotations ?? {}), [CERTIFICATE_ANNOTATION]: certificateId };
  delete annotations[REDACTED_ANNOTATION];
  const metadata = { name: target.name, namespace: target.namespace, ...(existing?.metadata.labels ? { labels: existing.metadata.labels } : {}), annotations };
  if (target.kind === 'ConfigMap') {
    const binaryData = { ...((existing?.binaryData as Record<string, string> | undefined) ?? {}) };
    for (const k of Object.keys(pem)) delete binaryData[k];
    return {
      apiVersion: 'v1', kind: 'ConfigMap', metadata,
      data: { ...((existing?.data as Record<string, string> | undefined) ?? {}), ...pem },
      ...(Object.keys(binaryData).length > 0 ? { binaryData } : {}),
    };
  }
  const existingType = (existing?.type as string | undefined) ?? undefined;
  const type = target.shape === 'tls' ? 'kubernetes.io/tls' : (existingType ?? 'Opaque');
  if (existingType !== undefined && existingType !== type) {
    throw new DomainError('conflict', `Secret ${target.namespace}/${target.name} exists with type ${existingType}; a ${target.shape} binding needs ${type}, and Kubernetes does not change a Secret's type. Delete it or bind another name.`, [
      { path: 'name', message: `Secret type ${existingType}` },
    ]);
  }
  const base64 = Object.fromEntries(Object.entries(pem).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
  return { apiVersion: 'v1', kind: 'Secret', metadata, type, data: { ...((existing?.data as Record<string, string> | undefined) ?? {}), ...base64 } };
}
