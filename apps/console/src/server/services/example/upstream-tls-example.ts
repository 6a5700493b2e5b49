import type { LoadExample } from '@gatehouse/domain/example/load-example.schema';

/**
 * The seed scenario's objects (examples/upstream-tls) up to its failing step, as the seed writes them: the
 * httpbin Service (8443 → 443), the Gateway with one HTTP listener, the HTTPRoute for foo.example.com. Two
 * adaptations: the listener port is chosen (8000 in the seed), and the Service gets its endpoints from an
 * EndpointSlice (the Kubernetes way without pods) pointing at where httpbin really runs, or a placeholder.
 * Pure: the same input gives the same objects.
 */
export function upstreamTlsExampleObjects(input: LoadExample): Record<string, unknown>[] {
  const namespace = input.namespace;
  return [
    {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpbin', namespace },
      spec: { selector: { app: 'httpbin' }, ports: [{ protocol: 'TCP', port: 8443, targetPort: 443 }] },
    },
    {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
      metadata: { name: 'httpbin-example', namespace, labels: { 'kubernetes.io/service-name': 'httpbin' } },
      // Unnamed, like the Service port it serves (slices match Service ports by name).
      addressType: 'IPv4', ports: [{ protocol: 'TCP', port: input.upstreamPort }],
      endpoints: [{ addresses: [input.upstreamAddress], conditions: { ready: true } }],
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'simple-fsm-gateway', namespace },
      spec: { gatewayClassName: 'fsm-gateway-cls', listeners: [{ protocol: 'HTTP', port: input.listenerPort, name: 'http', allowedRoutes: { namespaces: { from: 'Same' } } }] },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'http-route-foo', namespace },
      spec: {
        parentRefs: [{ name: 'simple-fsm-gateway', port: input.listenerPort }],
        hostnames: ['foo.example.com'],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'httpbin', port: 8443 }] }],
      },
    },
  ];
}

/** The policy the seed applies next (its "Upstream TLS Policy Verification" step), for the page to offer as a draft. */
export function upstreamTlsPolicyManifest(namespace: string): string {
  return `apiVersion: gateway.flomesh.io/v1alpha1
kind: UpstreamTLSPolicy
metadata:
  name: upstream-tls-policy-sample
  namespace: ${namespace}
spec:
  targetRef:
    group: ""
    kind: Service
    name: httpbin
    namespace: ${namespace}
  ports:
  - port: 8443
    config:
      certificateRef:
        namespace: ${namespace}
        name: https-cert
      mTLS: false
`;
}
