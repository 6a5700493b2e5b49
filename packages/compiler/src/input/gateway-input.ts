import type { KubeObject } from '@gatehouse/domain/object/meta';
import { readBackendClientCertificateRef, type SecretRefView } from './gateway-backend-tls-input';
import { type MetaView, readMeta } from './object-meta';
import { asDict, asDictArray, asNumber, asString, asStringArray, asStringMap, type Dict } from './read-field';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export interface GatewayClassView {
  meta: MetaView;
  controllerName: string;
}

/** A Kubernetes label selector (metav1.LabelSelector). */
export interface LabelSelectorView {
  matchLabels: Readonly<Record<string, string>>;
  matchExpressions: ReadonlyArray<{ key: string; operator: string; values: readonly string[] }>;
}

export interface RouteGroupKind {
  group: string;
  kind: string;
}

export interface ListenerView {
  index: number;
  name: string;
  hostname: string | undefined;
  port: number;
  protocol: string;
  /** allowedRoutes.namespaces.from; the CRD default is Same. */
  from: string;
  selector: LabelSelectorView | undefined;
  /** allowedRoutes.kinds as written; undefined means "the kinds this protocol supports". */
  kinds: RouteGroupKind[] | undefined;
  /** `tls` as written; undefined when absent. */
  tls: ListenerTlsView | undefined;
}

/** A reference to a Secret, ConfigMap or other object; namespace already defaulted to the Gateway's. */
export interface ObjectRefView {
  group: string;
  kind: string;
  name: string;
  namespace: string;
}

export interface ListenerTlsView {
  /** The CRD default is Terminate. */
  mode: string;
  certificateRefs: ObjectRefView[];
}

/** `spec.tls.frontend.*.validation` (GEP-91). */
export interface FrontendValidationView {
  caCertificateRefs: ObjectRefView[];
  /** The CRD default is AllowValidOnly. */
  mode: string;
}

/**
 * `spec.tls.frontend`: `perPort` overrides `default` for HTTPS listeners on that port; an entry whose `tls` has
 * no `validation` turns validation off on its port.
 */
export interface FrontendTlsView {
  default: FrontendValidationView | undefined;
  perPort: Map<number, FrontendValidationView | undefined>;
}

/** `spec.allowedListeners.namespaces` (GEP-1713): which namespaces' ListenerSets may attach; the CRD default is None. */
export interface AllowedListenersView {
  from: string;
  selector: LabelSelectorView | undefined;
}

export interface GatewayView {
  meta: MetaView;
  gatewayClassName: string;
  listeners: ListenerView[];
  /** spec.tls.backend.clientCertificateRef: the certificate presented to TLS backends (GEP-3155). */
  backendClientCertificateRef: SecretRefView | undefined;
  frontend: FrontendTlsView | undefined;
  /** spec.addresses as requested. */
  addresses: Array<{ type: string; value: string }>;
  allowedListeners: AllowedListenersView;
}

export function readGatewayClass(obj: KubeObject): GatewayClassView {
  const spec = asDict(obj.spec);
  return { meta: readMeta(obj), controllerName: asString(spec?.controllerName) ?? '' };
}

export function readLabelSelector(value: unknown): LabelSelectorView | undefined {
  const d = asDict(value);
  if (d === undefined) return undefined;
  return {
    matchLabels: asStringMap(d.matchLabels),
    matchExpressions: asDictArray(d.matchExpressions).map((e) => ({
      key: asString(e.key) ?? '',
      operator: asString(e.operator) ?? '',
      values: asStringArray(e.values),
    })),
  };
}

function readObjectRef(r: Dict, defaults: { group: string; kind: string; namespace: string }): ObjectRefView {
  return {
    group: asString(r.group) ?? defaults.group,
    kind: asString(r.kind) ?? defaults.kind,
    name: asString(r.name) ?? '',
    namespace: asString(r.namespace) ?? defaults.namespace,
  };
}

function readListenerTls(value: unknown, namespace: string): ListenerTlsView | undefined {
  const tls = asDict(value);
  if (tls === undefined) return undefined;
  return {
    mode: asString(tls.mode) ?? 'Terminate',
    // SecretObjectReference: group defaults to core, kind to Secret, namespace to the Gateway's.
    certificateRefs: asDictArray(tls.certificateRefs).map((r) => readObjectRef(r, { group: '', kind: 'Secret', namespace })),
  };
}

function readValidation(tlsConfig: unknown, namespace: string): FrontendValidationView | undefined {
  const validation = asDict(asDict(tlsConfig)?.validation);
  if (validation === undefined) return undefined;
  return {
    // ObjectReference: group and kind are required; '' is the core group.
    caCertificateRefs: asDictArray(validation.caCertificateRefs).map((r) => readObjectRef(r, { group: '', kind: '', namespace })),
    mode: asString(validation.mode) ?? 'AllowValidOnly',
  };
}

function readFrontendTls(spec: Dict | undefined, namespace: string): FrontendTlsView | undefined {
  const frontend = asDict(asDict(spec?.tls)?.frontend);
  if (frontend === undefined) return undefined;
  const perPort = new Map<number, FrontendValidationView | undefined>();
  for (const p of asDictArray(frontend.perPort)) {
    const port = asNumber(p.port);
    if (port !== undefined && !perPort.has(port)) perPort.set(port, readValidation(p.tls, namespace));
  }
  return { default: readValidation(frontend.default, namespace), perPort };
}

/** Reads one Gateway listener or ListenerSet entry (ListenerEntry has the same fields); `namespace` is its owner's. */
export function readListener(l: Dict, index: number, namespace: string): ListenerView {
  const allowed = asDict(l.allowedRoutes);
  const namespaces = asDict(allowed?.namespaces);
  const kinds = allowed !== undefined && Array.isArray(allowed.kinds)
    ? asDictArray(allowed.kinds).map((k) => ({ group: asString(k.group) ?? GATEWAY_GROUP, kind: asString(k.kind) ?? '' }))
    : undefined;
  const hostname = asString(l.hostname);
  return {
    index,
    name: asString(l.name) ?? `listener-${index}`,
    hostname: hostname === undefined || hostname === '' ? undefined : hostname.toLowerCase(),
    port: asNumber(l.port) ?? 0,
    protocol: asString(l.protocol) ?? '',
    from: asString(namespaces?.from) ?? 'Same',
    selector: readLabelSelector(namespaces?.selector),
    kinds,
    tls: readListenerTls(l.tls, namespace),
  };
}

function readAllowedListeners(spec: Dict | undefined): AllowedListenersView {
  const namespaces = asDict(asDict(spec?.allowedListeners)?.namespaces);
  return { from: asString(namespaces?.from) ?? 'None', selector: readLabelSelector(namespaces?.selector) };
}

export function readGateway(obj: KubeObject): GatewayView {
  const spec = asDict(obj.spec);
  const meta = readMeta(obj);
  return {
    meta,
    gatewayClassName: asString(spec?.gatewayClassName) ?? '',
    listeners: asDictArray(spec?.listeners).map((l, i) => readListener(l, i, meta.namespace)),
    backendClientCertificateRef: readBackendClientCertificateRef(spec, meta.namespace),
    frontend: readFrontendTls(spec, meta.namespace),
    // GatewaySpecAddress: type defaults to IPAddress; an absent value is "assign one" (GatewayAddressEmpty).
    addresses: asDictArray(spec?.addresses).map((a) => ({ type: asString(a.type) ?? 'IPAddress', value: asString(a.value) ?? '' })),
    allowedListeners: readAllowedListeners(spec),
  };
}
