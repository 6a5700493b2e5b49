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
}

export interface GatewayView {
  meta: MetaView;
  gatewayClassName: string;
  listeners: ListenerView[];
  /** spec.tls.backend.clientCertificateRef: the certificate presented to TLS backends (GEP-3155). */
  backendClientCertificateRef: SecretRefView | undefined;
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

function readListener(l: Dict, index: number): ListenerView {
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
  };
}

export function readGateway(obj: KubeObject): GatewayView {
  const spec = asDict(obj.spec);
  const meta = readMeta(obj);
  return {
    meta,
    gatewayClassName: asString(spec?.gatewayClassName) ?? '',
    listeners: asDictArray(spec?.listeners).map(readListener),
    backendClientCertificateRef: readBackendClientCertificateRef(spec, meta.namespace),
  };
}
