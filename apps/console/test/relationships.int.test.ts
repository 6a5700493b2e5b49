import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { createContextInner } from '../src/server/trpc/init';
import { createCaller } from '../src/server/trpc/root';
import { ADMIN_TOKEN, createHarness } from './support/console-harness';

const headers = (token?: string) => new Headers({ ...(token ? { authorization: `Bearer ${token}` } : {}), 'user-agent': 'relationships-test' });
const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBrelationships\n-----END CERTIFICATE-----\n';
const CA_B64 = Buffer.from(CA_PEM).toString('base64');

const SEED = [
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'simple-fsm-gateway' },
    spec: { gatewayClassName: 'fsm-gateway-cls', listeners: [{ protocol: 'HTTP', port: 8000, name: 'http', allowedRoutes: { namespaces: { from: 'Same' } } }] } },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'http-route-foo' },
    spec: { parentRefs: [{ name: 'simple-fsm-gateway', port: 8000 }], hostnames: ['foo.example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'httpbin', port: 8443 }] }] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpbin' }, spec: { selector: { app: 'httpbin' }, ports: [{ protocol: 'TCP', port: 8443, targetPort: 443 }] } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'https-cert' }, data: { 'ca.crt': CA_B64 } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'unused' }, stringData: { note: 'not referenced by anything' } },
  { apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: { name: 'upstream-tls-policy-sample' },
    spec: { targetRef: { group: '', kind: 'Service', name: 'httpbin', namespace: 'httpbin' }, ports: [{ port: 8443, config: { certificateRef: { namespace: 'httpbin', name: 'https-cert' }, mTLS: false } }] } },
];

forEachDatabase((t) => {
  describe('relationships over tRPC', () => {
    it('names dependents from the stored objects and the compiler, never Secret values; needs a signed-in caller', async () => {
      const h = await createHarness(t.db);
      const applied = await h.call('POST', '/api/v1/apply?namespace=httpbin', { body: SEED });
      expect(applied.status, applied.text).toBe(200);
      const viewer = createCaller(await createContextInner(h.rt, { headers: headers(await h.tokenFor('viewer')) }));

      const secret = await viewer.relationships.of({ plural: 'secrets', namespace: 'httpbin', name: 'https-cert' });
      expect(secret.target.exists).toBe(true);
      expect(secret.usedBy.map((r) => `${r.link.kind} ${r.link.name}: ${r.how}`)).toEqual([
        'UpstreamTLSPolicy upstream-tls-policy-sample: verifies the upstream on port 8443 with its ca.crt — accepted',
      ]);
      expect(JSON.stringify(secret)).not.toContain(CA_B64);

      const gateway = await viewer.relationships.of({ plural: 'gateways', namespace: 'httpbin', name: 'simple-fsm-gateway' });
      expect(gateway.listeners).toEqual([{ listener: 'http', routes: [expect.objectContaining({ how: 'attached', link: expect.objectContaining({ name: 'http-route-foo', exists: true }) })] }]);

      const service = await viewer.relationships.of({ plural: 'services', namespace: 'httpbin', name: 'httpbin' });
      expect(service.ports[0]?.tls.map((r) => r.how)).toEqual(['upstream TLS, CA from Secret https-cert — accepted']);

      // A Secret nothing refers to is not in the feed snapshot; it still exists for the console.
      expect((await viewer.relationships.of({ plural: 'secrets', namespace: 'httpbin', name: 'unused' })).target.exists).toBe(true);

      // The policy's CA goes away: the policy's use of it turns bad, with the compiler's reason.
      const admin = createCaller(await createContextInner(h.rt, { headers: headers(ADMIN_TOKEN) }));
      await admin.resources.delete({ plural: 'secrets', namespace: 'httpbin', name: 'https-cert' });
      const policy = await viewer.relationships.of({ plural: 'upstreamtlspolicies', namespace: 'httpbin', name: 'upstream-tls-policy-sample' });
      expect(policy.uses.find((r) => r.link.kind === 'Secret')).toMatchObject({ tone: 'bad', how: 'CA (ca.crt) that verifies port 8443 — not found', link: { exists: false } });

      const anonymous = createCaller(await createContextInner(h.rt, { headers: headers() }));
      await expect(anonymous.relationships.of({ plural: 'secrets', namespace: 'httpbin', name: 'https-cert' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(viewer.relationships.of({ plural: 'widgets', name: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});
