import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLE_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../examples/upstream-tls');

/**
 * The Upstream TLS example's manifests (examples/upstream-tls/*.yaml, the scenario as FSM's docs write it), read
 * from the repository. Only the listener port and the Service's endpoints are adapted to this machine: the
 * gateway listens on `listenerPort` (8000 in the example), and an EndpointSlice (the Kubernetes way to give a
 * Service endpoints without pods) points the Service at the local HTTPS upstream.
 */
export function exampleFile(name: 'httpbin.yaml' | 'gateway-and-route.yaml' | 'upstream-tls-policy.yaml' | 'gatewayclass.yaml'): string {
  return readFileSync(join(EXAMPLE_DIR, name), 'utf8');
}

/** The example's three `kubectl apply` documents in the order the walkthrough applies them. */
export function exampleManifests(): string[] {
  return [exampleFile('httpbin.yaml'), exampleFile('gateway-and-route.yaml'), exampleFile('upstream-tls-policy.yaml')];
}

export function gatewayAndRoute(listenerPort: number): string {
  return exampleFile('gateway-and-route.yaml').replace(/port: 8000\b/g, `port: ${listenerPort}`);
}

/** The Service document of httpbin.yaml (the Deployment needs pods, which Gatehouse's embedded worker has none of). */
export const SERVICE = exampleFile('httpbin.yaml').split(/^---$/m).find((d) => /^kind: Service$/m.test(d))!.trim() + '\n';

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

export const UPSTREAM_TLS_POLICY = exampleFile('upstream-tls-policy.yaml');

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
