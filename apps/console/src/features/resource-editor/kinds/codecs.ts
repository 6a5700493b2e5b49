import type { z } from 'zod';
import { ConfigMapSchema } from '@gatehouse/domain/config/config-map.schema';
import { GatewayClassSchema } from '@gatehouse/domain/gateway/gateway-class.schema';
import { GatewaySchema } from '@gatehouse/domain/gateway/gateway.schema';
import { ListenerSetSchema } from '@gatehouse/domain/listener-set/listener-set.schema';
import { ReferenceGrantSchema } from '@gatehouse/domain/route/reference-grant.schema';
import { TlsRouteSchema } from '@gatehouse/domain/route/tls-route.schema';
import { EndpointSliceSchema } from '@gatehouse/domain/service/endpoint-slice.schema';
import { ServiceSchema } from '@gatehouse/domain/service/service.schema';
import { BackendTlsPolicySchema } from '@gatehouse/domain/tls-policy/backend-tls-policy.schema';
import { UpstreamTlsPolicySchema } from '@gatehouse/domain/tls-policy/upstream-tls-policy.schema';
import { cleanObject, copyJson, entriesToRecord, entryPath, identityCodec, joinPath, recordToEntries, type Entry, type FormCodec } from '../form-codec';

/**
 * One codec per kind the console edits. Defaults follow the seed scenario (examples/upstream-tls) where
 * it has one: an HTTP listener admitting routes from its own namespace, a PathPrefix "/" rule, a CA Secret with
 * `ca.crt`.
 */

const GW = 'gateway.networking.k8s.io';
const meta = (namespace: string | undefined) => ({ name: '', namespace: namespace ?? 'default' });

export type GatewayForm = z.input<typeof GatewaySchema>;
export const gatewayCodec = identityCodec<GatewayForm>({
  kind: 'Gateway', plural: 'gateways', namespaced: true, schema: GatewaySchema,
  blank: (ns) => ({
    apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: meta(ns),
    spec: { gatewayClassName: 'gatehouse', listeners: [{ name: 'http', protocol: 'HTTP', port: 8000, allowedRoutes: { namespaces: { from: 'Same' } } }] },
  }),
});

export { httpRouteCodec, type HttpRouteForm } from './http-route.codec';

/** A ListenerSet: extra listeners for a Gateway that allows them (spec.allowedListeners, GEP-1713). */
export type ListenerSetForm = z.input<typeof ListenerSetSchema>;
export const listenerSetCodec = identityCodec<ListenerSetForm>({
  kind: 'ListenerSet', plural: 'listenersets', namespaced: true, schema: ListenerSetSchema,
  blank: (ns) => ({
    apiVersion: `${GW}/v1`, kind: 'ListenerSet', metadata: meta(ns),
    spec: { parentRef: { group: GW, kind: 'Gateway', name: '' }, listeners: [{ name: 'http', protocol: 'HTTP', port: 8001, allowedRoutes: { namespaces: { from: 'Same' } } }] },
  }),
});

export type UpstreamTlsPolicyForm = z.input<typeof UpstreamTlsPolicySchema>;
export const upstreamTlsPolicyCodec = identityCodec<UpstreamTlsPolicyForm>({
  kind: 'UpstreamTLSPolicy', plural: 'upstreamtlspolicies', namespaced: true, schema: UpstreamTlsPolicySchema,
  blank: (ns) => ({
    apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: meta(ns),
    spec: { targetRef: { group: '', kind: 'Service', name: '' }, ports: [{ port: 443, config: { certificateRef: { name: '' }, mTLS: false } }] },
  }),
});

export type BackendTlsPolicyForm = z.input<typeof BackendTlsPolicySchema>;
export const backendTlsPolicyCodec = identityCodec<BackendTlsPolicyForm>({
  kind: 'BackendTLSPolicy', plural: 'backendtlspolicies', namespaced: true, schema: BackendTlsPolicySchema,
  blank: (ns) => ({
    apiVersion: `${GW}/v1`, kind: 'BackendTLSPolicy', metadata: meta(ns),
    spec: { targetRefs: [{ group: '', kind: 'Service', name: '' }], validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: '' }], hostname: '' } },
  }),
});

export type TlsRouteForm = z.input<typeof TlsRouteSchema>;
export const tlsRouteCodec = identityCodec<TlsRouteForm>({
  kind: 'TLSRoute', plural: 'tlsroutes', namespaced: true, schema: TlsRouteSchema,
  blank: (ns) => ({
    apiVersion: `${GW}/v1`, kind: 'TLSRoute', metadata: meta(ns),
    spec: { parentRefs: [{ name: '' }], hostnames: [], rules: [{ backendRefs: [{ name: '', port: 443 }] }] },
  }),
});

export type ReferenceGrantForm = z.input<typeof ReferenceGrantSchema>;
export const referenceGrantCodec = identityCodec<ReferenceGrantForm>({
  kind: 'ReferenceGrant', plural: 'referencegrants', namespaced: true, schema: ReferenceGrantSchema,
  blank: (ns) => ({
    apiVersion: `${GW}/v1`, kind: 'ReferenceGrant', metadata: meta(ns),
    spec: { from: [{ group: GW, kind: 'HTTPRoute', namespace: '' }], to: [{ group: '', kind: 'Service' }] },
  }),
});

export type GatewayClassForm = z.input<typeof GatewayClassSchema>;
export const gatewayClassCodec = identityCodec<GatewayClassForm>({
  kind: 'GatewayClass', plural: 'gatewayclasses', namespaced: false, schema: GatewayClassSchema,
  blank: () => ({ apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: { name: '' }, spec: { controllerName: 'gatehouse.dev/gateway-controller' } }),
});

export type EndpointSliceForm = z.input<typeof EndpointSliceSchema>;
export const endpointSliceCodec = identityCodec<EndpointSliceForm>({
  kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true, schema: EndpointSliceSchema,
  blank: (ns) => ({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { ...meta(ns), labels: { 'kubernetes.io/service-name': '' } },
    addressType: 'IPv4', ports: [{ name: '', protocol: 'TCP', port: 443 }], endpoints: [{ addresses: [''], conditions: { ready: true } }],
  }),
});

type ServiceIn = z.input<typeof ServiceSchema>;
/** A Service with its selector as rows. */
export type ServiceForm = Omit<ServiceIn, 'spec'> & { spec: Omit<ServiceIn['spec'], 'selector'> & { selector: Entry[] } };
export const serviceCodec: FormCodec<ServiceForm> = {
  kind: 'Service', plural: 'services', namespaced: true, schema: ServiceSchema,
  blank: (ns) => ({ apiVersion: 'v1', kind: 'Service', metadata: meta(ns), spec: { type: 'ClusterIP', ports: [{ protocol: 'TCP', port: 443 }] } }),
  toForm: (obj) => {
    const o = copyJson(obj) as ServiceIn;
    return { ...o, spec: { ...(o.spec ?? {}), selector: recordToEntries(o.spec?.selector) } } as ServiceForm;
  },
  toObject: (values) => {
    const selector = entriesToRecord(values.spec?.selector);
    return cleanObject({ ...values, spec: { ...values.spec, selector } });
  },
  formPath: (path, values) =>
    path[0] === 'spec' && path[1] === 'selector' && path.length > 2 ? entryPath('spec.selector', values.spec?.selector, path[2]) : path.length === 0 ? undefined : joinPath(path),
};

type ConfigMapIn = z.input<typeof ConfigMapSchema>;
/** A ConfigMap with its text data as rows (binaryData stays as it is; the YAML tab edits it). */
export type ConfigMapForm = Omit<ConfigMapIn, 'data'> & { data: Entry[] };
export const configMapCodec: FormCodec<ConfigMapForm> = {
  kind: 'ConfigMap', plural: 'configmaps', namespaced: true, schema: ConfigMapSchema,
  blank: (ns) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(ns), data: { 'ca.crt': '' } }),
  toForm: (obj) => {
    const o = copyJson(obj) as ConfigMapIn;
    return { ...o, data: recordToEntries(o.data) } as ConfigMapForm;
  },
  toObject: (values) => cleanObject({ ...values, data: entriesToRecord(values.data) }),
  formPath: (path, values) => (path[0] === 'data' && path.length > 1 ? entryPath('data', values.data, path[1]) : path.length === 0 ? undefined : joinPath(path)),
};
