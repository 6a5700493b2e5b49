import type { KubeObject } from '@gatehouse/domain/object/meta';
import { describeConfigMapSpec, describeGatewayClassSpec, describeReferenceGrantSpec, describeSecretSpec } from './describe-config';
import { describeGatewaySpec } from './describe-gateway';
import { describeHttpRouteSpec } from './describe-http-route';
import { describeEndpointSlice, describeServiceSpec } from './describe-service';
import { describeTlsRouteSpec } from './describe-tls-route';
import { describeBackendTlsPolicySpec, describeUpstreamTlsPolicySpec } from './describe-tls-policy';
import type { SpecSection } from './spec-words';

/** Any stored object's spec in words, by kind. */
export function describeSpec(obj: KubeObject): SpecSection[] {
  switch (obj.kind) {
    case 'Gateway':
      return describeGatewaySpec(obj);
    case 'HTTPRoute':
      return describeHttpRouteSpec(obj);
    case 'TLSRoute':
      return describeTlsRouteSpec(obj);
    case 'Service':
      return describeServiceSpec(obj);
    case 'EndpointSlice':
      return [{ title: 'Endpoints', lines: [describeEndpointSlice(obj)] }];
    case 'UpstreamTLSPolicy':
      return describeUpstreamTlsPolicySpec(obj);
    case 'BackendTLSPolicy':
      return describeBackendTlsPolicySpec(obj);
    case 'Secret':
      return describeSecretSpec(obj);
    case 'ConfigMap':
      return describeConfigMapSpec(obj);
    case 'ReferenceGrant':
      return describeReferenceGrantSpec(obj);
    case 'GatewayClass':
      return describeGatewayClassSpec(obj);
    default:
      return [];
  }
}
