import { evaluateBackendTlsPolicies, findBackendTls } from '@gatehouse/compiler/compile/backend-tls-policies';
import { resolveReadyEndpoints } from '@gatehouse/compiler/compile/service-endpoints';
import { evaluateUpstreamTlsPolicies } from '@gatehouse/compiler/compile/upstream-tls-policies';
import { indexSnapshot } from '@gatehouse/compiler/input/snapshot-index';
import type { Endpoint, UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';

/** How the gateway reaches one Service port today: its endpoints and the TLS settings of the policy covering it. */
export interface UpstreamTarget {
  namespace: string;
  service: string;
  port: number;
  portName: string;
  endpoints: Endpoint[];
  /** Why there are no endpoints. */
  noEndpointsReason: string | null;
  /** null = no policy: the gateway speaks plain HTTP to this port. */
  tls: UpstreamTls | null;
  /** A BackendTLSPolicy covers the port but cannot be applied: connections fail (the gateway answers 500). */
  brokenPolicy: string | null;
}

/**
 * Resolves a Service port the way compileRuleTargets does for a backendRef (same compiler functions): ready
 * endpoints from EndpointSlices, then a BackendTLSPolicy for the port (preferred) or an UpstreamTLSPolicy.
 * Pure. Unknown Service or port → DomainError not_found / invalid.
 */
export function resolveUpstreamTarget(snapshot: ConfigSnapshot, namespace: string, service: string, port: number, now: string): UpstreamTarget {
  const ix = indexSnapshot(snapshot);
  const svc = ix.services.get(`${namespace}/${service}`);
  if (svc === undefined) throw new DomainError('not_found', `Service ${namespace}/${service} not found`, [{ path: 'service', message: 'no such Service' }]);
  const servicePort = svc.ports.find((p) => p.port === port);
  if (servicePort === undefined) {
    const have = svc.ports.map((p) => p.port).join(', ') || 'none';
    throw new DomainError('invalid', `Service ${namespace}/${service} has no port ${port} (ports: ${have})`, [{ path: 'port', message: `not a port of the Service (ports: ${have})` }]);
  }
  const eps = resolveReadyEndpoints(ix, svc, servicePort);
  const backend = findBackendTls(evaluateBackendTlsPolicies(ix, now), namespace, service, servicePort.name);
  const upstream = evaluateUpstreamTlsPolicies(ix, now).byServicePort.get(`${namespace}/${service}:${port}`) ?? null;
  const brokenPolicy = backend !== undefined && backend.tls === null
    ? `BackendTLSPolicy ${backend.policy.meta.namespace}/${backend.policy.meta.name} cannot be applied: ${backend.brokenReason ?? 'invalid'}`
    : null;
  return {
    namespace,
    service,
    port,
    portName: servicePort.name,
    endpoints: eps.endpoints,
    noEndpointsReason: eps.reason,
    tls: backend?.tls ?? upstream,
    brokenPolicy,
  };
}
