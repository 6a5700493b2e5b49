import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type APIRequestContext } from '@playwright/test';
import { makeSeedCerts } from '../../scripts/scenario/seed-certs';
import { E2E_ADMIN_TOKEN } from './accounts';

const auth = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * The objects the console pages show in the browser tests: the seed scenario (examples/upstream-tls) in
 * namespace httpbin, healthy, and a namespace `staging` where things are wrong (a route whose Gateway does not
 * exist, a BackendTLSPolicy whose CA is missing), so status words of both kinds appear. Applied with the bootstrap
 * token, the automation path; idempotent (apply answers "unchanged" the second time).
 */
export async function seedScenario(request: APIRequestContext, listenerPort: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-seed-'));
  let caPem: string;
  try {
    caPem = readFileSync(makeSeedCerts(dir).caCert, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const existing = await request.get('/api/v1/namespaces/httpbin/secrets/https-cert', { headers: auth });
  const objects: object[] = [
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'simple-fsm-gateway', namespace: 'httpbin' },
      spec: { gatewayClassName: 'fsm-gateway-cls', listeners: [{ protocol: 'HTTP', port: listenerPort, name: 'http', allowedRoutes: { namespaces: { from: 'Same' } } }] } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'http-route-foo', namespace: 'httpbin' },
      spec: { parentRefs: [{ name: 'simple-fsm-gateway', port: listenerPort }], hostnames: ['foo.example.com'],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'httpbin', port: 8443 }] }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpbin', namespace: 'httpbin' },
      spec: { selector: { app: 'httpbin' }, ports: [{ protocol: 'TCP', port: 8443, targetPort: 443 }] } },
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'httpbin-local', namespace: 'httpbin', labels: { 'kubernetes.io/service-name': 'httpbin' } },
      addressType: 'IPv4', ports: [{ protocol: 'TCP', port: 9443 }], endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }] },
    { apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: { name: 'upstream-tls-policy-sample', namespace: 'httpbin' },
      spec: { targetRef: { group: '', kind: 'Service', name: 'httpbin', namespace: 'httpbin' }, ports: [{ port: 8443, config: { certificateRef: { namespace: 'httpbin', name: 'https-cert' }, mTLS: false } }] } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'staging-gateway', namespace: 'staging' },
      spec: { gatewayClassName: 'gatehouse', listeners: [{ protocol: 'HTTP', port: listenerPort + 1, name: 'web' }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'staging' }, spec: { ports: [{ name: 'https', port: 443 }] } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'api-route', namespace: 'staging' },
      spec: { parentRefs: [{ name: 'staging-gateway' }], hostnames: ['api.staging.example.com'], rules: [{ backendRefs: [{ name: 'api', port: 443 }] }] } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'orphan-route', namespace: 'staging' },
      spec: { parentRefs: [{ name: 'edge' }], hostnames: ['old.staging.example.com'], rules: [{ backendRefs: [{ name: 'api', port: 443 }] }] } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'BackendTLSPolicy', metadata: { name: 'api-tls', namespace: 'staging' },
      spec: { targetRefs: [{ group: '', kind: 'Service', name: 'api' }], validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'missing-ca' }], hostname: 'api.staging.internal' } } },
  ];
  // The CA Secret only once: a new CA on every run would change it (and restart TLS on the worker) for nothing.
  if (existing.status() === 404) {
    objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'https-cert', namespace: 'httpbin' }, type: 'Opaque', data: { 'ca.crt': b64(caPem) } });
  }
  const applied = await request.post('/api/v1/apply', { headers: auth, data: objects });
  expect(applied.status(), await applied.text()).toBe(200);

  const certs = await request.get('/api/v1/certificates?limit=1', { headers: auth });
  if (certs.ok() && ((await certs.json()) as { total: number }).total === 0) {
    const ca = await request.post('/api/v1/certificates/root-ca', { headers: auth, data: { name: 'E2E root CA', subject: { commonName: 'Gatehouse E2E Root CA' } } });
    expect(ca.status(), await ca.text()).toBe(201);
    const caId = ((await ca.json()) as { id: string }).id;
    const leaf = await request.post('/api/v1/certificates/issue', {
      headers: auth, data: { issuerId: caId, name: 'foo.example.com', subject: { commonName: 'foo.example.com' }, sans: ['foo.example.com'], validityDays: 20 },
    });
    expect(leaf.status(), await leaf.text()).toBe(201);
  }
}

/** The seed Gateway's listener port: next to the console's port, so parallel runs on other ports do not collide. */
export function listenerPortFor(baseURL: string | undefined): number {
  return Number(new URL(baseURL ?? 'http://127.0.0.1:3100').port) + 10;
}
