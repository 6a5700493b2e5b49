import { decodeSecretValue } from '../input/config-input';
import { GATEWAY_GROUP, type FrontendValidationView, type GatewayView, type ListenerView, type ObjectRefView } from '../input/gateway-input';
import { keyOf } from '../input/object-meta';
import type { SnapshotIndex } from '../input/snapshot-index';
import type { FrontendValidation, ServingCertificate } from '../routing-table/routing-table';
import { isReferenceAllowed } from './reference-grants';
import { isWellFormedPem } from './pem';

/** A listener ResolvedRefs=False cause, in the spec's reason vocabulary. */
export interface RefProblem {
  reason: 'InvalidCertificateRef' | 'RefNotPermitted' | 'InvalidCACertificateRef' | 'InvalidCACertificateKind';
  message: string;
}

export interface ListenerCertificates {
  certificates: ServingCertificate[];
  problems: RefProblem[];
}

function refName(ref: ObjectRefView): string {
  const gk = ref.group === '' ? ref.kind : `${ref.kind}.${ref.group}`;
  return `${gk} ${keyOf(ref.namespace, ref.name)}`;
}

/** Who holds a reference, for ReferenceGrant checks: the Gateway, or the ListenerSet that declares the listener. */
export interface Referrer {
  kind: 'Gateway' | 'ListenerSet';
  namespace: string;
}

function mayRead(ix: SnapshotIndex, referrer: Referrer, ref: ObjectRefView): boolean {
  return isReferenceAllowed(
    ix,
    { group: GATEWAY_GROUP, kind: referrer.kind, namespace: referrer.namespace },
    { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name },
  );
}

function gatewayMayRead(ix: SnapshotIndex, gateway: GatewayView, ref: ObjectRefView): boolean {
  return mayRead(ix, { kind: 'Gateway', namespace: gateway.meta.namespace }, ref);
}

/**
 * Resolves an HTTPS listener's certificateRefs. Core support is a Secret with `tls.crt` and `tls.key` (the
 * `kubernetes.io/tls` layout; other Secret types carrying the same keys are accepted too). A ref to anything
 * else, to a missing Secret or to malformed data is InvalidCertificateRef; a cross-namespace ref without a
 * ReferenceGrant (from Gateway to Secret, in the Secret's namespace) is RefNotPermitted. Valid refs are kept:
 * the listener serves as long as one certificate is usable. A ListenerSet's listener is checked as the ListenerSet:
 * grants to its Gateway are not inherited, and its own namespace needs no grant (GEP-1713 ReferenceGrant semantics).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenerconditionreason
 */
export function resolveListenerCertificates(
  ix: SnapshotIndex,
  gateway: GatewayView,
  listener: ListenerView,
  referrer: Referrer = { kind: 'Gateway', namespace: gateway.meta.namespace },
): ListenerCertificates {
  const certificates: ServingCertificate[] = [];
  const problems: RefProblem[] = [];
  for (const [i, ref] of (listener.tls?.certificateRefs ?? []).entries()) {
    const at = `tls.certificateRefs[${i}]`;
    if (ref.group !== '' || ref.kind !== 'Secret') {
      problems.push({ reason: 'InvalidCertificateRef', message: `${at}: ${refName(ref)} is not supported (only core Secrets)` });
      continue;
    }
    if (!mayRead(ix, referrer, ref)) {
      problems.push({ reason: 'RefNotPermitted', message: `${at}: Secret ${keyOf(ref.namespace, ref.name)} is in another namespace and no ReferenceGrant there allows ${referrer.kind}s from ${referrer.namespace}` });
      continue;
    }
    const secret = ix.secrets.get(keyOf(ref.namespace, ref.name));
    if (secret === undefined) {
      problems.push({ reason: 'InvalidCertificateRef', message: `${at}: Secret ${keyOf(ref.namespace, ref.name)} not found` });
      continue;
    }
    const certPem = decodeSecretValue(secret, 'tls.crt');
    const keyPem = decodeSecretValue(secret, 'tls.key');
    if (certPem === undefined || keyPem === undefined) {
      const missing = [certPem === undefined ? 'tls.crt' : '', keyPem === undefined ? 'tls.key' : ''].filter((k) => k !== '').join(' and ');
      problems.push({ reason: 'InvalidCertificateRef', message: `${at}: Secret ${keyOf(ref.namespace, ref.name)} has no ${missing}` });
      continue;
    }
    if (!isWellFormedPem(certPem, 'certificate') || !isWellFormedPem(keyPem, 'privateKey')) {
      const bad = !isWellFormedPem(certPem, 'certificate') ? 'tls.crt is not a PEM certificate' : 'tls.key is not an unencrypted PEM private key';
      problems.push({ reason: 'InvalidCertificateRef', message: `${at}: Secret ${keyOf(ref.namespace, ref.name)}: ${bad}` });
      continue;
    }
    certificates.push({ secret: { namespace: ref.namespace, name: ref.name }, certPem, keyPem });
  }
  if (listener.tls !== undefined && listener.tls.certificateRefs.length === 0) {
    problems.push({ reason: 'InvalidCertificateRef', message: 'tls.certificateRefs is empty; this implementation has no certificate source other than certificateRefs' });
  }
  return { certificates, problems };
}

export interface FrontendValidationResult {
  /** null: no validation on this port. */
  validation: FrontendValidation | null;
  problems: RefProblem[];
  /** Validation is configured but no caCertificateRef is usable: the listener is not Accepted (NoValidCACertificate). */
  noValidCa: boolean;
}

/** The validation in force for HTTPS listeners on `port`: a perPort entry overrides `default`. */
export function frontendValidationFor(gateway: GatewayView, port: number): FrontendValidationView | undefined {
  const f = gateway.frontend;
  if (f === undefined) return undefined;
  return f.perPort.has(port) ? f.perPort.get(port) : f.default;
}

/**
 * Resolves the CA certificates of the frontend validation for one HTTPS listener. A ConfigMap or Secret (core
 * group) with `ca.crt` is supported; another kind is InvalidCACertificateKind, a missing object or key
 * InvalidCACertificateRef, a cross-namespace ref without a ReferenceGrant RefNotPermitted. When every ref is
 * invalid the listener is not Accepted (NoValidCACertificate): serving it without the check would let
 * unauthenticated clients through.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#frontendtlsvalidation
 */
export function resolveFrontendValidation(ix: SnapshotIndex, gateway: GatewayView, port: number): FrontendValidationResult {
  const view = frontendValidationFor(gateway, port);
  if (view === undefined) return { validation: null, problems: [], noValidCa: false };
  const where = gateway.frontend?.perPort.has(port) === true ? `spec.tls.frontend.perPort[port=${port}]` : 'spec.tls.frontend.default';
  const problems: RefProblem[] = [];
  const pems: string[] = [];
  const sources: string[] = [];
  for (const [i, ref] of view.caCertificateRefs.entries()) {
    const at = `${where}.validation.caCertificateRefs[${i}]`;
    if (ref.group !== '' || (ref.kind !== 'ConfigMap' && ref.kind !== 'Secret')) {
      problems.push({ reason: 'InvalidCACertificateKind', message: `${at}: ${refName(ref)} is not supported (ConfigMap or Secret with ca.crt)` });
      continue;
    }
    if (!gatewayMayRead(ix, gateway, ref)) {
      problems.push({ reason: 'RefNotPermitted', message: `${at}: ${refName(ref)} is in another namespace and no ReferenceGrant there allows Gateways from ${gateway.meta.namespace}` });
      continue;
    }
    const key = keyOf(ref.namespace, ref.name);
    let ca: string | undefined;
    if (ref.kind === 'ConfigMap') {
      const cm = ix.configMaps.get(key);
      if (cm === undefined) {
        problems.push({ reason: 'InvalidCACertificateRef', message: `${at}: ConfigMap ${key} not found` });
        continue;
      }
      ca = cm.data['ca.crt'];
    } else {
      const secret = ix.secrets.get(key);
      if (secret === undefined) {
        problems.push({ reason: 'InvalidCACertificateRef', message: `${at}: Secret ${key} not found` });
        continue;
      }
      ca = decodeSecretValue(secret, 'ca.crt');
    }
    if (ca === undefined || ca === '') {
      problems.push({ reason: 'InvalidCACertificateRef', message: `${at}: ${refName(ref)} has no ca.crt` });
      continue;
    }
    if (!isWellFormedPem(ca, 'certificate')) {
      problems.push({ reason: 'InvalidCACertificateRef', message: `${at}: ${refName(ref)}: ca.crt is not a PEM certificate bundle` });
      continue;
    }
    pems.push(ca.endsWith('\n') ? ca : `${ca}\n`);
    sources.push(refName(ref));
  }
  if (pems.length === 0) return { validation: null, problems, noValidCa: true };
  const mode = view.mode === 'AllowInsecureFallback' ? 'AllowInsecureFallback' : 'AllowValidOnly';
  return { validation: { mode, caPem: pems.join(''), caSources: sources }, problems, noValidCa: false };
}

/** Does any frontend validation of this Gateway allow insecure fallback (the Gateway's InsecureFrontendValidationMode)? */
export function insecureFallbackPorts(gateway: GatewayView): string[] {
  const f = gateway.frontend;
  if (f === undefined) return [];
  const out: string[] = [];
  if (f.default?.mode === 'AllowInsecureFallback') out.push('default');
  for (const [port, v] of f.perPort) if (v?.mode === 'AllowInsecureFallback') out.push(`port ${port}`);
  return out;
}
