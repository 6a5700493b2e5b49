import { beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { createHarness, type Harness } from '../../../../test/support/console-harness';
import { createContextInner } from '../../trpc/init';
import { createCaller } from '../../trpc/root';


const headers = (token: string) => new Headers({ authorization: `Bearer ${token}`, 'user-agent': 'search-test' });

forEachDatabase((t) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(t.db);
    const applied = await h.call('POST', '/api/v1/apply', {
      body: [
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'edge-gateway', namespace: 'search-a' },
          spec: { gatewayClassName: 'gatehouse', listeners: [{ name: 'http', protocol: 'HTTP', port: 8080 }] } },
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'edge', namespace: 'search-b' }, spec: { parentRefs: [{ name: 'edge-gateway' }] } },
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'my-edge-cert', namespace: 'search-a' }, data: { 'tls.crt': Buffer.from('x').toString('base64') } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'unrelated', namespace: 'search-a' }, data: { k: 'v' } },
        { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'edge-slice', namespace: 'search-a', labels: { 'kubernetes.io/service-name': 'x' } },
          addressType: 'IPv4', endpoints: [] },
      ],
    });
    expect(applied.status, applied.text).toBe(200);
    const ca = await h.call('POST', '/api/v1/certificates/root-ca', { body: { name: 'Edge Root CA', subject: { commonName: 'Edge Root' } } });
    expect(ca.status, ca.text).toBe(201);
    await h.rt.db.prisma.cluster.create({ data: { id: 'c-search', name: 'edge-prod', server: 'https://192.0.2.1:6443', source: 'kubeconfig', createdAt: new Date(), createdBy: 'test' } });
  });

  describe('search.objects', () => {
    it('finds objects, certificates (any case) and clusters by name, best first, and never kinds it does not search', async () => {
      const viewer = createCaller(await createContextInner(h.rt, { headers: headers(await h.tokenFor('viewer')) }));
      const r = await viewer.search.objects({ q: 'Edge' });
      expect(r.items.map((i) => `${i.kind} ${i.namespace ?? ''}/${i.name}`)).toEqual([
        'HTTPRoute search-b/edge',
        'Cluster /edge-prod',
        'Gateway search-a/edge-gateway',
        'Certificate /Edge Root CA',
        'Secret search-a/my-edge-cert',
      ]);
      expect(r.items.find((i) => i.kind === 'Certificate')).toMatchObject({ detail: 'CA', id: expect.any(String) });
      expect(r.truncated).toBe(false);
      expect((await viewer.search.objects({ q: 'root ca' })).items.map((i) => i.name)).toEqual(['Edge Root CA']);
      expect((await viewer.search.objects({ q: 'search-a/edge' })).items.map((i) => i.name)).toEqual(['edge-gateway', 'my-edge-cert']);
      expect((await viewer.search.objects({ q: '   ' })).items).toEqual([]);
      const limited = await viewer.search.objects({ q: 'edge', limit: 2 });
      expect(limited.items).toHaveLength(2);
      expect(limited.truncated).toBe(true);
    });

    it('refuses a role that may read none of it, and validates its input', async () => {
      const worker = createCaller(await createContextInner(h.rt, { headers: headers(await h.tokenFor('worker')) }));
      await expect(worker.search.objects({ q: 'edge' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const viewer = createCaller(await createContextInner(h.rt, { headers: headers(await h.tokenFor('viewer')) }));
      await expect(viewer.search.objects({ q: 'x'.repeat(300) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });
  });
});
