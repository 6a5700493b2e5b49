import { createServer } from 'node:net';
import type { KubeObject } from '@gatehouse/domain/object/meta';

/**
 * The FSM "Upstream TLS" scenario as snapshot objects (storage shape), pointed at local upstreams:
 * Gateway `httpbin/simple-fsm-gateway` (HTTP listener), HTTPRoute for foo.example.com → Service httpbin:8443,
 * whose EndpointSlice names the echo server's address and port.
 */
const T0 = Date.parse('2025-01-01T00:00:00Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString().replace('.000Z', 'Z');

export function gateway(name: string, ports: number[], namespace = 'httpbin'): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { namespace, name, generation: 1, creationTimestamp: at(ports[0] ?? 0) },
    spec: {
      gatewayClassName: 'gatehouse',
      listeners: ports.map((port, i) => ({ name: `http-${i}`, protocol: 'HTTP', port, allowedRoutes: { namespaces: { from: 'Same' } } })),
    },
  };
}

export interface BackendSpec {
  service: string;
  port?: number;
  weight?: number;
}

export function httpRoute(name: string, gatewayName: string, rules: Array<{ path?: string; backends: BackendSpec[] }>, hostnames = ['foo.example.com']): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { namespace: 'httpbin', name, generation: 1, creationTimestamp: at(100) },
    spec: {
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gatewayName }],
      hostnames,
      rules: rules.map((r) => ({
        matches: [{ path: { type: 'PathPrefix', value: r.path ?? '/' } }],
        backendRefs: r.backends.map((b) => ({ group: '', kind: 'Service', name: b.service, port: b.port ?? 8443, weight: b.weight ?? 1 })),
      })),
    },
  };
}

/** Service `name` (port 8443 → targetPort 443, unnamed as in the seed) + EndpointSlice to 127.0.0.1:<ports>. */
export function serviceWithEndpoints(name: string, endpointPorts: number[], opts: { withSlice?: boolean } = {}): KubeObject[] {
  const svc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace: 'httpbin', name },
    spec: { ports: [{ protocol: 'TCP', port: 8443, targetPort: 443 }] },
  };
  if (opts.withSlice === false) return [svc];
  // One slice per endpoint port: a slice has one port list for all its endpoints.
  return [
    svc,
    ...endpointPorts.map((p, i) => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { namespace: 'httpbin', name: `${name}-${i}`, labels: { 'kubernetes.io/service-name': name } },
      addressType: 'IPv4',
      ports: [{ name: '', protocol: 'TCP', port: p }],
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
    })),
  ];
}

export function caSecret(name: string, caPem: string, client?: { certPem: string; keyPem: string }): KubeObject {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  const data: Record<string, string> = { 'ca.crt': b64(caPem) };
  if (client !== undefined) {
    data['tls.crt'] = b64(client.certPem);
    data['tls.key'] = b64(client.keyPem);
  }
  return { apiVersion: 'v1', kind: 'Secret', metadata: { namespace: 'httpbin', name }, type: 'Opaque', data };
}

export function caConfigMap(name: string, caPem: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'httpbin', name }, data: { 'ca.crt': caPem } };
}

/** The seed's policy: verify httpbin:8443 with the CA in Secret `secretName`. */
export function upstreamTlsPolicy(service: string, secretName: string, mTLS = false): KubeObject {
  return {
    apiVersion: 'gateway.flomesh.io/v1alpha1',
    kind: 'UpstreamTLSPolicy',
    metadata: { namespace: 'httpbin', name: `${service}-upstream-tls`, generation: 1, creationTimestamp: at(200) },
    spec: {
      targetRef: { group: '', kind: 'Service', name: service, namespace: 'httpbin' },
      ports: [{ port: 8443, config: { certificateRef: { group: '', kind: 'Secret', name: secretName, namespace: 'httpbin' }, mTLS } }],
    },
  };
}

export function backendTlsPolicy(service: string, configMap: string, hostname: string): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'BackendTLSPolicy',
    metadata: { namespace: 'httpbin', name: `${service}-backend-tls`, generation: 1, creationTimestamp: at(300) },
    spec: {
      targetRefs: [{ group: '', kind: 'Service', name: service }],
      validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: configMap }], hostname },
    },
  };
}

/** A port that was free a moment ago (bound to 0 and released). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}
