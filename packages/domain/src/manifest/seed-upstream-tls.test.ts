import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { ConfigMap } from '../config/config-map.schema';
import type { Secret } from '../config/secret.schema';
import type { Gateway } from '../gateway/gateway.schema';
import { decodeBase64Utf8 } from '../object/base64';
import type { KubeObject } from '../object/meta';
import { parseObject } from '../registry/parse-object';
import type { HttpRoute } from '../route/http-route.schema';
import type { Service } from '../service/service.schema';
import { invalidDetails } from '../test-support/invalid-details';
import type { UpstreamTlsPolicy } from '../tls-policy/upstream-tls-policy.schema';
// A verbatim copy of the scenario Gatehouse is modelled on (FSM docs "Upstream TLS"; the project's own example is examples/upstream-tls).
import seed from './fixtures/upstream-tls.md?raw';
import { parseManifests } from './parse-manifests';
import { renderManifests } from './render-manifests';

/** The bodies of the ```shell blocks, in order. */
function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```shell\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

/** Every `kubectl apply -n <ns> -f - <<EOF … EOF` heredoc: its namespace and YAML. */
function heredocs(block: string): { namespace: string; yaml: string }[] {
  return [...block.matchAll(/kubectl apply -n (\S+) -f - <<EOF\n([\s\S]*?)\nEOF/g)].map((m) => ({ namespace: m[1] ?? '', yaml: m[2] ?? '' }));
}

/** Shell commands with their `\` continuations joined, comments and blank lines dropped. */
function commands(block: string): string[] {
  return block
    .replace(/\s*\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

const blocks = shellBlocks(seed);
const docs = blocks.flatMap(heredocs).flatMap(({ namespace, yaml }) => parseManifests(yaml, 'yaml').map((doc) => ({ namespace, doc })));

describe('the seed scenario (FSM Upstream TLS), manifests verbatim', () => {
  it('holds the expected heredoc documents', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    expect(docs.map(({ namespace, doc }) => `${namespace}:${(doc as { kind: string }).kind}`)).toEqual([
      'httpbin:Deployment',
      'httpbin:Service',
      'httpbin:Gateway',
      'httpbin:HTTPRoute',
      'httpbin:UpstreamTLSPolicy',
    ]);
  });

  it('refuses the Deployment as a kind Gatehouse does not store, with a clear message', () => {
    const deployment = docs[0];
    const d = invalidDetails(() => parseObject(deployment?.doc, { pathPrefix: '[0]', defaultNamespace: deployment?.namespace ?? '' }));
    expect(d).toEqual([{ path: '[0].kind', message: expect.stringContaining('unknown kind Deployment (apps/v1); Gatehouse stores') }]);
  });

  it('accepts the Service, Gateway, HTTPRoute and UpstreamTLSPolicy into namespace httpbin with defaults applied', () => {
    const [service, gateway, route, policy] = docs.slice(1).map(({ namespace, doc }, i) => parseObject(doc, { pathPrefix: `[${i + 1}]`, defaultNamespace: namespace }));
    for (const o of [service, gateway, route, policy]) expect(o?.metadata.namespace).toBe('httpbin');

    expect((service as Service).spec.ports).toEqual([{ protocol: 'TCP', port: 8443, targetPort: 443 }]);
    expect((gateway as Gateway).spec.listeners).toEqual([{ name: 'http', port: 8000, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }]);
    const r = route as HttpRoute;
    expect(r.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'simple-fsm-gateway', port: 8000 }]);
    expect(r.spec.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [{ group: '', kind: 'Service', name: 'httpbin', port: 8443, weight: 1 }],
      },
    ]);
    expect((policy as UpstreamTlsPolicy).spec).toEqual({
      targetRef: { group: '', kind: 'Service', name: 'httpbin', namespace: 'httpbin' },
      ports: [{ port: 8443, config: { certificateRef: { group: '', kind: 'Secret', name: 'https-cert', namespace: 'httpbin' }, mTLS: false } }],
    });
  });

  it("accepts the Namespace and Secrets that the seed's own openssl and kubectl create commands produce", () => {
    // Run the seed's openssl commands verbatim in a scratch directory, then its `kubectl create` commands with
    // --dry-run=client -o yaml (kubectl is the outside judge of what those Secrets look like). The CA file is
    // also put into a ConfigMap (BackendTLSPolicy's core CA form) to cross-check the Secret's base64.
    const run = blocks.flatMap(commands).filter((c) => c.startsWith('openssl '));
    const create = blocks.flatMap(commands).filter((c) => c.startsWith('kubectl create '));
    expect(run).toHaveLength(5);
    expect(create).toEqual([
      'kubectl create namespace httpbin',
      'kubectl create secret generic -n httpbin server-cert --from-file=./server-cert.pem --from-file=./server-key.pem',
      'kubectl create secret generic -n httpbin https-cert --from-file=ca.crt=ca-cert.pem',
    ]);
    const script = [
      'set -e',
      'dir=$(mktemp -d)',
      'trap \'rm -rf "$dir"\' EXIT',
      'cd "$dir"',
      ...run.map((c) => `${c} 2>/dev/null`),
      ...[...create, 'kubectl create configmap -n httpbin ca --from-file=ca.crt=ca-cert.pem'].flatMap((c) => [`${c} --dry-run=client -o yaml`, 'echo ---']),
    ].join('\n');
    const yaml = execFileSync('sh', ['-c', script], { encoding: 'utf8', timeout: 60_000 });
    const [ns, serverCert, httpsCert, caConfigMap] = parseManifests(yaml, 'yaml').map((d, i) => parseObject(d, { pathPrefix: `[${i}]` }));

    expect(ns).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'httpbin' }, spec: {} });
    const server = serverCert as Secret;
    expect(server.type).toBe('Opaque');
    expect(server.metadata).toEqual({ name: 'server-cert', namespace: 'httpbin' });
    expect(Object.keys(server.data ?? {}).sort()).toEqual(['server-cert.pem', 'server-key.pem']);
    expect(decodeBase64Utf8(server.data?.['server-cert.pem'] ?? '')).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(decodeBase64Utf8(server.data?.['server-key.pem'] ?? '')).toMatch(/^-----BEGIN (RSA )?PRIVATE KEY-----\n/);
    const https = httpsCert as Secret;
    expect(Object.keys(https.data ?? {})).toEqual(['ca.crt']);
    const caPem = (caConfigMap as ConfigMap).data?.['ca.crt'];
    expect(caPem).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    expect(decodeBase64Utf8(https.data?.['ca.crt'] ?? '')).toBe(caPem);
  });

  it('round-trips everything it accepted: render → parse → equal', () => {
    const accepted: KubeObject[] = docs.slice(1).map(({ namespace, doc }) => parseObject(doc, { defaultNamespace: namespace }));
    const back = parseManifests(renderManifests(accepted), 'yaml').map((d) => parseObject(d));
    expect(back).toEqual(accepted);
  });
});
