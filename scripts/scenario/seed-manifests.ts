import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * The seed scenario's manifests as the seed writes them (shared/seed/upstream-tls.md), kept here so the demo
 * runs without shared/. Only the listener port and the Service's endpoints are adapted to this machine: the
 * gateway listens on `listenerPort` (8000 in the seed), and an EndpointSlice (the Kubernetes way to give a
 * Service endpoints without pods) points the Service at the local HTTPS upstream.
 */
export function gatewayAndRoute(listenerPort: number): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: simple-fsm-gateway
spec:
  gatewayClassName: fsm-gateway-cls
  listeners:
  - protocol: HTTP
    port: ${listenerPort}
    name: http
    allowedRoutes:
      namespaces:
        from: Same
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: http-route-foo
spec:
  parentRefs:
  - name: simple-fsm-gateway
    port: ${listenerPort}
  hostnames:
  - foo.example.com
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /
    backendRefs:
    - name: httpbin
      port: 8443
`;
}

export const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: httpbin
spec:
  selector:
    app: httpbin
  ports:
    - protocol: TCP
      port: 8443
      targetPort: 443
`;

/** The Service's endpoints on this machine: the slice port is unnamed, like the Service port it serves. */
export function endpointSlice(address: string, port: number): string {
  return `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: httpbin-local
  labels:
    kubernetes.io/service-name: httpbin
addressType: IPv4
ports:
- protocol: TCP
  port: ${port}
endpoints:
- addresses: ["${address}"]
  conditions:
    ready: true
`;
}

export const UPSTREAM_TLS_POLICY = `apiVersion: gateway.flomesh.io/v1alpha1
kind: UpstreamTLSPolicy
metadata:
  name: upstream-tls-policy-sample
spec:
  targetRef:
    group: ""
    kind: Service
    name: httpbin
    namespace: httpbin
  ports:
  - port: 8443
    config:
      certificateRef:
        namespace: httpbin
        name: https-cert
      mTLS: false
`;

/**
 * What `kubectl create secret generic NAME --from-file=[key=]path ...` sends: an Opaque Secret whose keys are
 * the file names (or the given keys) and whose values are the files, base64-encoded.
 */
export function genericSecretFromFiles(name: string, namespace: string, files: (string | [key: string, path: string])[]): object {
  const data: Record<string, string> = {};
  for (const f of files) {
    const [key, path] = typeof f === 'string' ? [basename(f), f] : f;
    data[key] = readFileSync(path).toString('base64');
  }
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type: 'Opaque', data };
}
