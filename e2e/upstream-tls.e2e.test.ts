/**
 * The seed scenario end to end with real processes: `npm start` (Next.js console + bundled worker), the
 * project's HTTPS echo upstream with a certificate made by the seed's openssl commands, the seed's manifests
 * applied verbatim through the REST API (only the listener port and the Service's endpoints adapted), and
 * curl as the client.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatehouseApi } from '../scripts/scenario/api-client';
import { freePort, startEcho, startGatehouse, waitFor, type Gatehouse, type Running } from '../scripts/scenario/processes';
import { makeSeedCerts, type SeedCerts } from '../scripts/scenario/seed-certs';
import { endpointSlice, exampleManifests as heredocs, genericSecretFromFiles } from '../scripts/scenario/seed-manifests';


/** ms from `since` until a GET through the listener answers 200 (undici, polled every 5 ms). */
async function msUntil200(port: number, since: number, timeoutMs: number): Promise<number> {
  for (;;) {
    const res = await request(`http://127.0.0.1:${port}/headers`, { headers: { host: 'foo.example.com' } }).catch(() => null);
    const status = res?.statusCode ?? 0;
    await res?.body.dump();
    if (status === 200) return performance.now() - since;
    if (performance.now() - since > timeoutMs) throw new Error(`no 200 through the gateway within ${timeoutMs} ms (last ${status})`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function curl(port: number, path = '/headers'): { status: number; body: string; raw: string } {
  let raw: string;
  try {
    raw = execFileSync('curl', ['-sS', '-i', '--max-time', '10', `http://foo.example.com${path}`, '--connect-to', `foo.example.com:80:127.0.0.1:${port}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    raw = String((e as { stdout?: string }).stdout ?? '') + String((e as { stderr?: string }).stderr ?? '');
  }
  const m = /^HTTP\/[\d.]+ (\d{3})/m.exec(raw);
  const body = raw.split(/\r\n\r\n/).slice(1).join('\r\n\r\n');
  return { status: m ? Number(m[1]) : 0, body, raw };
}

describe('Upstream TLS scenario, end to end', () => {
  let work: string;
  let certs: SeedCerts;
  let echo: Running & { port: number };
  let gh: Gatehouse;
  let api: GatehouseApi;
  let listenerPort: number;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
    certs = makeSeedCerts(work);
    echo = await startEcho({ certFile: certs.serverCert, keyFile: certs.serverKey });
    gh = await startGatehouse({ dataDir: join(work, 'data') });
    api = new GatehouseApi(gh.url, gh.token);
    listenerPort = await freePort();
  }, 300_000);

  afterAll(async () => {
    await gh?.stop();
    await echo?.stop();
  });

  it('the upstream speaks HTTPS with the seed certificate (curl --cacert, as in the seed)', () => {
    const out = execFileSync('curl', ['-sS', '--cacert', certs.caCert, 'https://foo.example.com/headers', '--connect-to', `foo.example.com:443:127.0.0.1:${echo.port}`], { encoding: 'utf8' });
    expect(JSON.parse(out).headers.Host).toBe('foo.example.com');
  });

  it('errors with a reason before the policy, answers 200 with the upstream JSON after it', async () => {
    const [deployAndService, gatewayAndRoute, policy] = heredocs();
    const service = deployAndService!.split(/^---$/m)[1]!;
    // Only the listener port is adapted (8000 in the seed, maybe taken here).
    const gw = gatewayAndRoute!.replaceAll('port: 8000', `port: ${listenerPort}`);
    const secret = genericSecretFromFiles('server-cert', 'httpbin', [certs.serverCert, certs.serverKey]);
    const first = await api.applyYaml([service, endpointSlice('127.0.0.1', echo.port), JSON.stringify(secret), gw].join('\n---\n'), 'httpbin');
    expect(first.status, first.text).toBe(200);

    // The listener opens once the worker has the snapshot; the answer must be a 5xx with a reason, never empty.
    const before = await waitFor('listener answers', async () => {
      const r = curl(listenerPort);
      return r.status !== 0 ? r : undefined;
    }, 5000);
    expect(before.status).toBeGreaterThanOrEqual(500);
    expect(before.status).toBeLessThan(600);
    expect(before.body.trim().length).toBeGreaterThan(0);
    expect(before.body).toMatch(/TLS|HTTP/);

    const ca = genericSecretFromFiles('https-cert', 'httpbin', [['ca.crt', certs.caCert]]);
    const second = await api.applyYaml([JSON.stringify(ca), policy].join('\n---\n'), 'httpbin');
    expect(second.status, second.text).toBe(200);
    const applied = performance.now();
    // Timed with an in-process client asking every 5 ms: a curl process per probe every 100 ms timed its own start
    // and the poll interval (~250 ms), not the worker. curl then checks the answer as before.
    const enforcedMs = await msUntil200(listenerPort, applied, 2000);
    console.log(`policy enforced ${enforcedMs.toFixed(0)} ms after the apply returned`);
    const after = curl(listenerPort);
    expect(after.status).toBe(200);
    const json = JSON.parse(after.body) as { headers: Record<string, string> };
    expect(json.headers.Host).toBe('foo.example.com');
    expect(json.headers['User-Agent']).toMatch(/curl/);
  });

  it('audited every applied object without a Secret value; the worker reports the revision it enforces', async () => {
    const audit = await api.request('GET', '/api/v1/audit-events?namespace=httpbin&limit=100');
    expect(audit.status).toBe(200);
    const items = (audit.json as { items: { action: string; kind: string; name: string }[] }).items;
    const applied = items.filter((e) => e.action === 'apply').map((e) => `${e.kind}/${e.name}`).sort();
    expect(applied).toEqual(['EndpointSlice/httpbin-local', 'Gateway/simple-fsm-gateway', 'HTTPRoute/http-route-foo', 'Secret/https-cert', 'Secret/server-cert', 'Service/httpbin', 'UpstreamTLSPolicy/upstream-tls-policy-sample']);
    for (const file of [certs.caCert, certs.serverCert, certs.serverKey]) {
      const pem = readFileSync(file, 'utf8');
      expect(audit.text).not.toContain(Buffer.from(pem).toString('base64').slice(0, 60));
      expect(audit.text).not.toContain(pem.split('\n')[1]);
    }
    const verify = await api.request('GET', '/api/v1/audit-events/verify');
    expect((verify.json as { intact: boolean }).intact).toBe(true);

    const config = (await (await fetch(`${gh.workerAdminUrl}/config`)).json()) as { revision: number };
    const workers = await api.request('GET', '/api/v1/workers');
    expect((await fetch(`${gh.workerAdminUrl}/readyz`)).status).toBe(200);
    expect(config.revision).toBeGreaterThan(0);
    expect((workers.json as { items: { revision: number }[] }).items[0]?.revision).toBe(config.revision);
  });

  it('every /api/v1 endpoint but openapi.json answers 401 without a token (through Next.js)', async () => {
    for (const path of ['/api/v1/namespaces', '/api/v1/export', '/api/v1/audit-events', '/api/v1/feed/snapshot']) {
      expect((await fetch(`${gh.url}${path}`)).status, path).toBe(401);
    }
    const doc = await fetch(`${gh.url}/api/v1/openapi.json`);
    expect(doc.status).toBe(200);
  });
});
