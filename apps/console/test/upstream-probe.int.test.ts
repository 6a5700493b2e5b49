import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { type EchoServer, startEchoServer } from '@gatehouse/echo/echo-server';
import { createTestPki, type TestCa, type TestPki } from '@gatehouse/echo/test-pki';
import { freePort, REPO_ROOT, runProcess, type Running, waitFor } from '../../../scripts/scenario/processes';
import { createContextInner } from '../src/server/trpc/init';
import { createCaller } from '../src/server/trpc/root';
import { ADMIN_TOKEN, createHarness, type Harness } from './support/console-harness';
import { serveHarness } from './support/serve-harness';

/**
 * The live upstream TLS probe end to end with real parts: the console's service → HTTP → a real worker process
 * (tsx apps/worker/src/main.ts, which found the console over its feed and reported its admin address) → TLS →
 * an HTTPS echo upstream whose certificates the OpenSSL CLI made (CN=foo.example.com, no SAN, as the seed).
 */
const WORKER_TOKEN = 'gh_probe-int-worker-token-0123456789';
const b64 = (s: string) => Buffer.from(s).toString('base64');

let pki: TestPki;
let ca: TestCa;
let otherCa: TestCa;
let upstream: EchoServer;

beforeAll(() => {
  pki = createTestPki();
  ca = pki.createCa('flomesh.io');
  otherCa = pki.createCa('not-the-issuer');
});
afterAll(() => pki?.cleanup());

forEachDatabase((t) => {
  describe('probe.upstreamTls through a real worker', () => {
    let h: Harness;
    let served: { url: string; close(): Promise<void> };
    let worker: Running;
    let dataDir: string;

    beforeAll(async () => {
      const leaf = pki.issue(ca, { cn: 'foo.example.com' });
      upstream = await startEchoServer({ host: '127.0.0.1', port: 0, tls: true, cert: leaf.certPem, key: leaf.keyPem });
      h = await createHarness(t.db, { GATEHOUSE_WORKER_TOKEN: WORKER_TOKEN });
      served = await serveHarness(h);
      dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-probe-worker-'));
      const adminPort = await freePort();
      worker = runProcess('worker', [join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), join(REPO_ROOT, 'apps/worker/src/main.ts')], {
        env: {
          GATEHOUSE_CONSOLE_URL: served.url, GATEHOUSE_WORKER_TOKEN: WORKER_TOKEN, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_WORKER_ID: `probe-${t.provider}`,
          GATEHOUSE_WORKER_ADMIN_PORT: String(adminPort), GATEHOUSE_WORKER_BIND_ADDRESS: '127.0.0.1', GATEHOUSE_LOG_LEVEL: 'warn',
        },
      });
      await waitFor('the worker reports its admin address', async () => {
        const row = await h.rt.db.prisma.workerStatus.findUnique({ where: { id: `probe-${t.provider}` } });
        return row && row.address !== '' ? row : undefined;
      }, 60_000, worker);
      const r = await h.call('POST', '/api/v1/apply', {
        body: [
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpbin', namespace: 'probe' }, spec: { ports: [{ protocol: 'TCP', port: 8443, targetPort: 443 }] } },
          { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'httpbin-local', namespace: 'probe', labels: { 'kubernetes.io/service-name': 'httpbin' } },
            addressType: 'IPv4', ports: [{ protocol: 'TCP', port: upstream.port }], endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }] },
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lonely', namespace: 'probe' }, spec: { ports: [{ port: 443 }] } },
          { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'https-cert', namespace: 'probe' }, data: { 'ca.crt': b64(ca.certPem) } },
          { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'other-ca', namespace: 'probe' }, data: { 'ca.crt': b64(otherCa.certPem) } },
        ],
      });
      expect(r.status, r.text).toBe(200);
    }, 120_000);

    afterAll(async () => {
      await worker?.stop();
      await served?.close();
      await upstream?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    const caller = async (token = ADMIN_TOKEN) => createCaller(await createContextInner(h.rt, { headers: new Headers({ authorization: `Bearer ${token}` }) }));

    it('before the policy: shows the chain and says the gateway sends plain HTTP to a TLS upstream', async () => {
      const admin = await caller();
      const r = await admin.probe.upstreamTls({ namespace: 'probe', service: 'httpbin', port: 8443 });
      expect(r.worker.id).toBe(`probe-${t.provider}`);
      expect(r.configured).toMatchObject({ policy: null, caSource: null });
      expect(r.configured.text).toContain('plain HTTP');
      const ep = r.endpoints[0]!;
      expect(ep.endpoint).toBe(`127.0.0.1:${upstream.port}`);
      expect(ep.handshake.tone).toBe('ok');
      expect(ep.chain[0]).toMatchObject({ role: 'leaf', commonName: 'foo.example.com', sans: [], state: 'valid', isCA: false });
      expect(ep.trust.tone).toBe('neutral');
      expect(ep.plainHttp?.tone).toBe('bad');
      expect(ep.verdict).toMatchObject({ tone: 'bad', title: 'Requests fail today' });
    });

    it('what-if: the right CA fits, the wrong one does not; the name check is informational for FSM policies', async () => {
      const admin = await caller();
      const right = await admin.probe.upstreamTls({ namespace: 'probe', service: 'httpbin', port: 8443, ca: { source: 'secret', name: 'https-cert' }, hostname: 'foo.example.com' });
      const ep = right.endpoints[0]!;
      expect(right.tested).toMatchObject({ label: 'Secret probe/https-cert', mode: 'secret', hostname: 'foo.example.com', hostnameEnforced: false });
      expect(ep.trust.tone).toBe('ok');
      expect(ep.chain.at(-1)).toMatchObject({ commonName: 'flomesh.io', role: 'root', fromTrustedCa: true });
      expect(ep.name?.tone).toBe('ok');
      expect(ep.verdict).toMatchObject({ tone: 'ok', title: 'This CA fits' });

      const wrong = await admin.probe.upstreamTls({ namespace: 'probe', service: 'httpbin', port: 8443, ca: { source: 'secret', name: 'other-ca' }, hostname: 'bar.example.com' });
      expect(wrong.endpoints[0]?.verdict).toMatchObject({ tone: 'bad', title: 'This CA does not fit' });
      expect(wrong.endpoints[0]?.trust.text).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      expect(wrong.endpoints[0]?.name?.tone).toBe('pending');
    });

    it('after the policy: the gateway trusts the upstream with the policy\'s CA', async () => {
      const r = await h.call('POST', '/api/v1/apply', {
        body: [{ apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: { name: 'upstream-tls-policy-sample', namespace: 'probe' },
          spec: { targetRef: { group: '', kind: 'Service', name: 'httpbin', namespace: 'probe' }, ports: [{ port: 8443, config: { certificateRef: { namespace: 'probe', name: 'https-cert' }, mTLS: false } }] } }],
      });
      expect(r.status, r.text).toBe(200);
      const viewer = await caller(await h.tokenFor('viewer'));
      const after = await viewer.probe.upstreamTls({ namespace: 'probe', service: 'httpbin', port: 8443 });
      expect(after.configured).toMatchObject({ policy: { kind: 'UpstreamTLSPolicy', name: 'upstream-tls-policy-sample' }, caSource: 'probe/https-cert', sni: null });
      expect(after.tested.label).toBe('CA probe/https-cert (UpstreamTLSPolicy upstream-tls-policy-sample)');
      expect(after.endpoints[0]?.plainHttp).toBeNull();
      expect(after.endpoints[0]?.verdict).toMatchObject({ tone: 'ok', title: 'The gateway trusts this upstream' });
    });

    it('refuses what it cannot probe, in words', async () => {
      const admin = await caller();
      const noEndpoints = await admin.probe.upstreamTls({ namespace: 'probe', service: 'lonely', port: 443 }).catch((e: unknown) => e);
      expect((noEndpoints as TRPCError).code).toBe('UNPROCESSABLE_CONTENT');
      expect((noEndpoints as TRPCError).message).toContain('no ready endpoints');
      await expect(admin.probe.upstreamTls({ namespace: 'probe', service: 'httpbin', port: 9999 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(admin.probe.upstreamTls({ namespace: 'probe', service: 'nope', port: 443 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(admin.probe.upstreamTls({ namespace: 'probe', service: 'httpbin', port: 8443, ca: { source: 'secret', name: 'absent' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});
