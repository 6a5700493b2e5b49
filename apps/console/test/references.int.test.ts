import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { createContextInner } from '../src/server/trpc/init';
import { createCaller } from '../src/server/trpc/root';
import { ADMIN_TOKEN, createHarness } from './support/console-harness';

const headers = (token?: string) => new Headers({ ...(token ? { authorization: `Bearer ${token}` } : {}), 'user-agent': 'references-test' });
const GW = 'gateway.networking.k8s.io';

/** The Upstream TLS example (examples/upstream-tls) without its CA Secret: what a person has before the policy. */
const SEED = [
  { apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: { name: 'simple-fsm-gateway' },
    spec: { gatewayClassName: 'fsm-gateway-cls', listeners: [{ protocol: 'HTTP', port: 8000, name: 'http', allowedRoutes: { namespaces: { from: 'Same' } } }] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpbin' }, spec: { selector: { app: 'httpbin' }, ports: [{ protocol: 'TCP', port: 8443, targetPort: 443 }] } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'server-cert' }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'not PEM at all', 'tls.key': 'secret-value-never-returned' } },
];

const draftPolicy = (secret: string) => ({
  apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: { name: 'upstream-tls-policy-sample', namespace: 'httpbin' },
  spec: { targetRef: { group: '', kind: 'Service', name: 'httpbin', namespace: 'httpbin' }, ports: [{ port: 8443, config: { certificateRef: { name: secret }, mTLS: false } }] },
});

forEachDatabase((t) => {
  describe('reference checks and candidates over tRPC', () => {
    it('flags the missing CA Secret of a draft policy, then finds it once a CA binding writes it; never returns Secret values', async () => {
      const h = await createHarness(t.db);
      const applied = await h.call('POST', '/api/v1/apply?namespace=httpbin', { body: SEED });
      expect(applied.status, applied.text).toBe(200);
      const viewer = createCaller(await createContextInner(h.rt, { headers: headers(await h.tokenFor('viewer')) }));
      const admin = createCaller(await createContextInner(h.rt, { headers: headers(ADMIN_TOKEN) }));

      // The draft as the form holds it: the CA Secret does not exist yet.
      const before = await viewer.references.check({ object: draftPolicy('https-cert') });
      expect(before.checks.map((c) => `${c.field} [${c.status}] ${c.message}`)).toEqual([
        'spec.targetRef.name [ok] Service httpbin: port 8443.',
        'spec.ports[0].port [ok] Service httpbin port 8443 → target port 443 (TCP).',
        'spec.ports[0].config.certificateRef.name [missing] Secret https-cert does not exist in httpbin (yet): until it does, the policy is not accepted and the gateway speaks plain HTTP to port 8443.',
      ]);
      expect(before.checks[2]?.fix).toEqual({ action: 'create-ca-from-certificate', kind: 'Secret', namespace: 'httpbin', name: 'https-cert' });

      // "Create it from a certificate": a CA of the inventory bound as a ca-bundle Secret (the existing bindings API).
      const ca = await admin.certificates.createRootCa({ subject: { commonName: 'flomesh.io' } });
      await admin.certificates.bind({ id: ca.id, binding: { kind: 'Secret', namespace: 'httpbin', name: 'https-cert', shape: 'ca-bundle' } });
      const after = await viewer.references.check({ object: draftPolicy('https-cert') });
      expect(after.revision).toBeGreaterThan(before.revision);
      expect(after.checks[2]).toMatchObject({ status: 'ok', message: 'Secret https-cert has ca.crt (1 certificate).' });

      // A Secret of the wrong shape for a CA; a listener certificate whose tls.crt is not PEM (checked on the server).
      expect((await viewer.references.check({ object: draftPolicy('server-cert') })).checks[2]).toMatchObject({ status: 'unusable', message: 'Secret server-cert has no ca.crt (its keys: tls.crt and tls.key).' });
      const gateway = { apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: { name: 'tls-gw', namespace: 'httpbin' },
        spec: { gatewayClassName: 'x', listeners: [{ name: 'https', protocol: 'HTTPS', port: 8443, tls: { mode: 'Terminate', certificateRefs: [{ name: 'server-cert' }, { name: 'https-cert' }] } }] } };
      expect((await viewer.references.check({ object: gateway })).checks.map((c) => `${c.status}: ${c.message}`)).toEqual([
        'unusable: tls.crt of Secret server-cert is not a PEM certificate.',
        'unusable: Secret https-cert is of type Opaque; this needs a kubernetes.io/tls Secret (tls.crt and tls.key).',
      ]);

      // A route from another namespace: the listener admits its own namespace only, the Service needs a grant.
      const route = { apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'elsewhere' },
        spec: { parentRefs: [{ name: 'simple-fsm-gateway', namespace: 'httpbin', sectionName: 'http' }], rules: [{ backendRefs: [{ name: 'httpbin', namespace: 'httpbin', port: 8443 }] }] } };
      expect((await viewer.references.check({ object: route })).checks.map((c) => c.status)).toEqual(['ok', 'unusable', 'refused']);

      // Pickers: objects of a kind in a namespace, with listeners, ports and key names — never values.
      const secrets = await viewer.references.candidates({ kind: 'Secret', namespace: 'httpbin' });
      expect(secrets.items).toEqual([
        { kind: 'Secret', namespace: 'httpbin', name: 'https-cert', type: 'Opaque', keys: ['ca.crt'] },
        { kind: 'Secret', namespace: 'httpbin', name: 'server-cert', type: 'kubernetes.io/tls', keys: ['tls.crt', 'tls.key'] },
      ]);
      expect(JSON.stringify(secrets)).not.toContain('secret-value-never-returned');
      expect(JSON.stringify(secrets)).not.toContain('BEGIN CERTIFICATE');
      expect((await viewer.references.candidates({ kind: 'Gateway', namespace: 'httpbin' })).items).toEqual([{
        kind: 'Gateway', namespace: 'httpbin', name: 'simple-fsm-gateway',
        listeners: [{ name: 'http', protocol: 'HTTP', port: 8000, allowedFrom: 'Same', programmed: true }],
      }]);
      expect((await viewer.references.candidates({ kind: 'Service', namespace: 'httpbin' })).items[0]?.ports).toEqual([{ port: 8443, protocol: 'TCP', targetPort: 443 }]);
      expect((await viewer.references.candidates({ kind: 'Namespace' })).items.map((c) => c.name)).toContain('httpbin');

      // Signed-in callers only; inputs are validated.
      const anonymous = createCaller(await createContextInner(h.rt, { headers: headers() }));
      await expect(anonymous.references.check({ object: draftPolicy('x') })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(anonymous.references.candidates({ kind: 'Secret' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(viewer.references.candidates({ kind: 'Widget' as 'Secret' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });
  });
});
