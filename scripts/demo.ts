/**
 * `npm run demo`: the seed scenario (FSM "Upstream TLS") replayed against Gatehouse on this machine.
 * 1. the seed's openssl commands make a CA and a server certificate for foo.example.com;
 * 2. the project's HTTPS echo upstream serves with that certificate (stands in for the httpbin pod);
 * 3. Gatehouse starts (console + worker, its own data directory) unless GATEHOUSE_URL/GATEHOUSE_TOKEN name one;
 * 4. the seed's manifests go through POST /api/v1/apply, with an EndpointSlice pointing at the upstream;
 * 5. a request through the gateway fails (502 with the reason); the CA Secret and the UpstreamTLSPolicy are
 *    applied; the same request answers 200 with the upstream's headers.
 * Flags: --keep leaves everything running; --verbose shows the processes' logs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatehouseApi, requestThroughGateway } from './scenario/api-client';
import { freePort, isPortFree, startEcho, startGatehouse, type Running } from './scenario/processes';
import { makeSeedCerts } from './scenario/seed-certs';
import { endpointSlice, gatewayAndRoute, genericSecretFromFiles, SERVICE, UPSTREAM_TLS_POLICY } from './scenario/seed-manifests';

const keep = process.argv.includes('--keep');
const verbose = process.argv.includes('--verbose');
const step = (s: string) => console.log(`\n\x1b[1m== ${s}\x1b[0m`);
const show = (s: string) => console.log(s.split('\n').map((l) => `   ${l}`).join('\n'));

function curl(port: number): string | undefined {
  try {
    return execFileSync('curl', ['-sS', '-i', 'http://foo.example.com/headers', '--connect-to', `foo.example.com:80:127.0.0.1:${port}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return (e as { stdout?: string; stderr?: string }).stdout || (e as { stderr?: string }).stderr;
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-demo-'));
  const running: Running[] = [];
  const stopAll = async () => {
    for (const r of running.reverse()) await r.stop();
  };
  try {
    step('Certificates, with the seed\'s openssl commands');
    const certs = makeSeedCerts(work);
    show(execFileSync('openssl', ['x509', '-in', certs.serverCert, '-noout', '-subject', '-issuer'], { encoding: 'utf8' }).trim());

    step('HTTPS upstream (the project\'s echo server) with server-cert.pem / server-key.pem');
    const echo = await startEcho({ certFile: certs.serverCert, keyFile: certs.serverKey, echo: verbose });
    running.push(echo);
    show(`listening on https://127.0.0.1:${echo.port}`);
    show(execFileSync('curl', ['-sS', '--cacert', certs.caCert, 'https://foo.example.com/headers', '--connect-to', `foo.example.com:443:127.0.0.1:${echo.port}`], { encoding: 'utf8' }).trim());

    let api: GatehouseApi;
    if (process.env.GATEHOUSE_URL && process.env.GATEHOUSE_TOKEN) {
      api = new GatehouseApi(process.env.GATEHOUSE_URL, process.env.GATEHOUSE_TOKEN);
      step(`Using the Gatehouse at ${api.baseUrl}`);
    } else {
      step('Starting Gatehouse (console + bundled worker) with its own data directory');
      const gh = await startGatehouse({ dataDir: join(work, 'data'), echo: verbose });
      running.push(gh);
      api = new GatehouseApi(gh.url, gh.token);
      show(`console ${gh.url}, worker admin ${gh.workerAdminUrl}, data ${gh.dataDir}`);
    }

    const listenerPort = (await isPortFree(8000)) ? 8000 : await freePort();
    step(`Apply the Service, its endpoints, the server-cert Secret, the Gateway (listener port ${listenerPort}) and the HTTPRoute`);
    const first = [
      SERVICE,
      endpointSlice('127.0.0.1', echo.port),
      JSON.stringify(genericSecretFromFiles('server-cert', 'httpbin', [certs.serverCert, certs.serverKey])),
      gatewayAndRoute(listenerPort),
    ].join('\n---\n');
    const r1 = await api.applyYaml(first, 'httpbin');
    show(`POST /api/v1/apply → ${r1.status}`);
    for (const r of ((r1.json as { results?: { kind: string; name: string; outcome: string }[] }).results ?? [])) show(`  ${r.kind}/${r.name} ${r.outcome}`);
    if (r1.status !== 200) throw new Error(r1.text);

    step('Without a policy the gateway cannot verify the upstream: expect an error');
    await new Promise((r) => setTimeout(r, 300));
    show(`$ curl http://foo.example.com/headers --connect-to foo.example.com:80:127.0.0.1:${listenerPort}`);
    show((curl(listenerPort) ?? (await requestThroughGateway(listenerPort, 'foo.example.com', '/headers')).body).trim());

    step('Create the CA Secret https-cert (ca.crt) and the UpstreamTLSPolicy');
    const r2 = await api.applyYaml([JSON.stringify(genericSecretFromFiles('https-cert', 'httpbin', [['ca.crt', certs.caCert]])), UPSTREAM_TLS_POLICY].join('\n---\n'), 'httpbin');
    show(`POST /api/v1/apply → ${r2.status}`);
    if (r2.status !== 200) throw new Error(r2.text);
    const applied = Date.now();
    let res = await requestThroughGateway(listenerPort, 'foo.example.com', '/headers');
    while (res.status !== 200 && Date.now() - applied < 5000) {
      await new Promise((r) => setTimeout(r, 20));
      res = await requestThroughGateway(listenerPort, 'foo.example.com', '/headers');
    }
    show(`enforced ${Date.now() - applied} ms after the apply returned`);
    show(`$ curl http://foo.example.com/headers --connect-to foo.example.com:80:127.0.0.1:${listenerPort}`);
    show((curl(listenerPort) ?? res.body).trim());
    if (res.status !== 200) throw new Error(`expected 200 after the policy, got ${res.status}`);

    step('Audit log for namespace httpbin');
    const audit = await api.request('GET', '/api/v1/audit-events?namespace=httpbin&limit=50');
    for (const e of ((audit.json as { items?: { time: string; action: string; kind: string; name: string; actor: { name: string } }[] }).items ?? []).reverse()) {
      show(`${e.time}  ${e.actor.name.padEnd(10)} ${e.action.padEnd(7)} ${e.kind}/${e.name}`);
    }
    const verify = await api.request('GET', '/api/v1/audit-events/verify');
    show(`chain: ${JSON.stringify(verify.json)}`);
    if (keep) {
      step('Left running (--keep). Ctrl-C stops everything.');
      await new Promise<void>((r) => process.on('SIGINT', () => r()));
    }
  } finally {
    await stopAll();
  }
}

main().catch((e: unknown) => {
  console.error(`\ndemo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
