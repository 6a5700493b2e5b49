import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { SnapshotCache } from '../src/server/feed/snapshot-builder';
import { StatusCache } from '../src/server/status/status-cache';
import { createHarness, type Harness } from './support/console-harness';

/**
 * The snapshot and status caches follow the store incrementally (only rows written since the cached revision are
 * read; a status is recompiled only when the compile input changed). Whatever the path, what they serve must be
 * what a cache built from scratch serves.
 */
const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBdummyCAcertificateForTests\n-----END CERTIFICATE-----\n';

const MANIFESTS = [
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'gatehouse' }, spec: { controllerName: 'gatehouse.dev/gateway-controller' } },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'edge', namespace: 'gw' }, spec: { gatewayClassName: 'gatehouse', listeners: [{ name: 'http', protocol: 'HTTP', port: 8080 }] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'backend', namespace: 'gw' }, spec: { ports: [{ port: 443 }] } },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'to-backend', namespace: 'gw' }, spec: { parentRefs: [{ name: 'edge' }], rules: [{ backendRefs: [{ name: 'backend', port: 443 }] }] } },
  {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'BackendTLSPolicy', metadata: { name: 'backend-tls', namespace: 'gw' },
    spec: { targetRefs: [{ group: '', kind: 'Service', name: 'backend' }], validation: { hostname: 'backend.example.com', caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'upstream-ca' }] } },
  },
];

const configMap = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'gw' }, data });

forEachDatabase((t) => {
  let h: Harness;
  const setup = async () => (h ??= await createHarness(t.db));
  const apply = async (body: unknown) => {
    const r = await h.call('POST', '/api/v1/apply', { body });
    expect(r.status, r.text).toBe(200);
  };
  /** What a cache that never saw an earlier revision builds. */
  const fresh = () => new SnapshotCache(h.rt.db, h.rt.key).current();
  const policyProblems = async () => {
    const r = await h.call('GET', '/api/v1/namespaces/gw/backendtlspolicies/backend-tls');
    expect(r.status, r.text).toBe(200);
    return JSON.stringify(r.json.status);
  };

  describe('snapshot and status caches', () => {
    it('serve what a cache built from scratch serves, across writes, rewrites and removals', async () => {
      await setup();
      await apply(MANIFESTS);
      const first = await h.rt.snapshots.current();
      expect(first.snapshot).toEqual((await fresh()).snapshot);

      await apply([configMap('unrelated', { a: '1' }), { ...MANIFESTS[2], metadata: { ...MANIFESTS[2]!.metadata, labels: { v: '2' } } }]);
      const second = await h.rt.snapshots.current();
      expect(second.revision).toBeGreaterThan(first.revision);
      expect(second.snapshot).toEqual((await fresh()).snapshot);
      // An object no write touched is the very object of the earlier snapshot (decoded once).
      const route = (s: typeof first) => s.snapshot.objects.find((o) => o.kind === 'HTTPRoute');
      expect(route(second)).toBe(route(first));
      expect(second.snapshot.objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name)).toEqual(['unrelated']);

      // A removal (the older rows no longer add up) makes the cache re-read every row.
      expect((await h.call('DELETE', '/api/v1/namespaces/gw/configmaps/unrelated')).status).toBe(200);
      const third = await h.rt.snapshots.current();
      expect(third.snapshot.objects.some((o) => o.kind === 'ConfigMap')).toBe(false);
      expect(third.snapshot).toEqual((await fresh()).snapshot);
      expect(JSON.parse(third.json)).toEqual(JSON.parse(JSON.stringify(third.snapshot)));
    });

    it('recompiles statuses when a referenced ConfigMap changes, and not for one nothing references', async () => {
      await setup();
      await apply(MANIFESTS);
      const missing = await policyProblems();
      expect(missing).toContain('upstream-ca not found');

      const statuses = h.rt.statuses as StatusCache;
      const before = statuses.compiles;
      await apply([configMap('not-a-ca', { note: 'nobody names me' })]);
      expect(await policyProblems()).toBe(missing);
      expect(statuses.compiles).toBe(before);

      await apply([configMap('upstream-ca', { 'ca.crt': CA_PEM })]);
      const found = await policyProblems();
      expect(found).not.toContain('upstream-ca not found');
      expect(statuses.compiles).toBe(before + 1);

      // Once referenced, a change of that ConfigMap is a change of the compile input.
      await apply([configMap('upstream-ca', { other: 'no ca.crt any more' })]);
      expect(await policyProblems()).toContain('has no ca.crt');
      expect(statuses.compiles).toBe(before + 2);
    });
  });
});
