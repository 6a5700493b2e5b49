import type { KubeObject } from '@gatehouse/domain/object/meta';
import { type MetaView, readMeta } from './object-meta';
import { asArray, asBoolean, asDict, asDictArray, asNumber, asString } from './read-field';

export interface ServicePortView {
  /** '' when the port is unnamed (allowed for single-port Services). */
  name: string;
  port: number;
  protocol: string;
  /** ServicePort.appProtocol: `kubernetes.io/h2c`, `kubernetes.io/ws`, … (KEP-3726); undefined when not set. */
  appProtocol: string | undefined;
}

export interface ServiceView {
  meta: MetaView;
  type: string;
  externalName: string | undefined;
  ports: ServicePortView[];
}

export interface EndpointView {
  address: string;
  /** EndpointConditions.ready; "nil should be interpreted as true" (discovery/v1). */
  ready: boolean;
}

export interface EndpointSliceView {
  meta: MetaView;
  serviceName: string;
  addressType: string;
  ports: Array<{ name: string; port: number | undefined; protocol: string }>;
  endpoints: EndpointView[];
}

/** The label that ties an EndpointSlice to its Service. @see https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#ownership */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export function readService(obj: KubeObject): ServiceView {
  const spec = asDict(obj.spec);
  return {
    meta: readMeta(obj),
    type: asString(spec?.type) ?? 'ClusterIP',
    externalName: asString(spec?.externalName),
    ports: asDictArray(spec?.ports).map((p) => ({
      name: asString(p.name) ?? '',
      port: asNumber(p.port) ?? 0,
      protocol: asString(p.protocol) ?? 'TCP',
      appProtocol: asString(p.appProtocol),
    })),
  };
}

export function readEndpointSlice(obj: KubeObject): EndpointSliceView {
  const meta = readMeta(obj);
  const endpoints: EndpointView[] = [];
  for (const e of asDictArray(obj.endpoints)) {
    // "Consumers must handle ... clients may choose to only use the first element" (EndpointSlice addresses).
    const address = asString(asArray(e.addresses)[0]);
    if (address === undefined || address === '') continue;
    const conditions = asDict(e.conditions);
    endpoints.push({ address, ready: asBoolean(conditions?.ready) ?? true });
  }
  return {
    meta,
    serviceName: meta.labels[SERVICE_NAME_LABEL] ?? '',
    addressType: asString(obj.addressType) ?? 'IPv4',
    ports: asDictArray(obj.ports).map((p) => ({
      name: asString(p.name) ?? '',
      port: asNumber(p.port),
      protocol: asString(p.protocol) ?? 'TCP',
    })),
    endpoints,
  };
}
