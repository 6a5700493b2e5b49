import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { createContextInner } from '../src/server/trpc/init';
import { createCaller } from '../src/server/trpc/root';
import { ADMIN_TOKEN, createHarness } from './support/console-harness';

const headers = (token: string) => new Headers({ authorization: `Bearer ${token}`, 'user-agent': 'simulator-test' });
const PORT = 18_000;

/** A route in namespace `sim` that wins over the example's for /headers (Exact beats PathPrefix). */
const EXACT_ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: headers-exact
spec:
  parentRefs:
  - name: simple-fsm-gateway
  hostnames: [foo.example.com]
  rules:
  - matches:
    - path: {type: Exact, value: /headers}
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        set: [{name: X-Env, value: draft}]
    backendRefs:
    - {name: httpbin, port: 8443}
`;

forEachDatabase((t) => {
  describe('request simulator (the worker\'s compileSnapshot + matchRequest, in the console)', () => {
    it('explains foo.example.com/headers on the example: listener, route, precedence, backend, and the missing TLS policy', async () => {
      const h = await createHarness(t.db);
      const admin = createCaller(await createContextInner(h.rt, { headers: headers(ADMIN_TOKEN) }));
      const loaded = await admin.examples.loadUpstreamTls({ namespace: 'sim', listenerPort: PORT, upstreamAddress: '127.0.0.1', upstreamPort: 9443 });
      expect(loaded.steps.map((s) => s.outcome)).not.toContain('kept');

      const options = await admin.simulator.options();
      expect(options.listeners).toContainEqual(expect.objectContaining({ gateway: 'sim/simple-fsm-gateway', listener: 'http', port: PORT, programmed: true }));
      expect(options.hosts[String(PORT)]).toContain('foo.example.com');

      const r = await admin.simulator.run({ port: PORT, method: 'GET', host: 'foo.example.com', path: '/headers' });
      expect(r.outcome).toBe('route');
      expect(r.listener).toMatchObject({ gateway: 'sim/simple-fsm-gateway', listener: 'http', port: PORT, protocol: 'HTTP' });
      expect(r.route).toMatchObject({ namespace: 'sim', name: 'http-route-foo', ruleIndex: 0, matchIndex: 0, hostname: 'foo.example.com' });
      expect(r.steps[0]).toContain('→ listener sim/simple-fsm-gateway/http');
      expect(r.steps.some((s) => s.startsWith('✓ HTTPRoute sim/http-route-foo rule 0 match 0'))).toBe(true);
      expect(r.backends).toHaveLength(1);
      expect(r.backends[0]).toMatchObject({ kind: 'service', ref: 'sim/httpbin:8443', endpoints: ['127.0.0.1:9443'], problem: null, tls: null, share: 100 });
      expect(r.backends[0]?.plainHttpWarning).toContain('plain HTTP');
      expect(r.verdict.tone).toBe('pending');
      expect(r.draft).toBeNull();

      // The seed's next step as a draft: the same request now goes out over HTTPS with the example's CA.
      const withPolicy = await admin.simulator.run({ port: PORT, host: 'foo.example.com', path: '/headers', draft: loaded.nextPolicyManifest, namespace: 'sim' });
      expect(withPolicy.draft).toEqual([{ kind: 'UpstreamTLSPolicy', namespace: 'sim', name: 'upstream-tls-policy-sample', change: 'added' }]);
      const tls = withPolicy.backends[0]?.tls;
      expect(tls).toMatchObject({ policy: { kind: 'UpstreamTLSPolicy', namespace: 'sim', name: 'upstream-tls-policy-sample' }, caSource: 'sim/https-cert', sni: null, mutualTls: false });
      expect(tls?.ca[0]).toMatchObject({ commonName: 'flomesh.io', isCA: true, state: 'valid' });
      expect(withPolicy.verdict).toMatchObject({ tone: 'ok', title: 'Forwarded' });
      // A draft is never written.
      expect((await admin.resources.list({ plural: 'upstreamtlspolicies', namespace: 'sim' })).items).toHaveLength(0);

      // Query rows and headers reach the matcher; an unknown host is a 404 with the reason.
      const miss = await admin.simulator.run({ port: PORT, host: 'bar.example.com', path: '/headers', headers: [{ name: 'X-Test', value: '1' }], query: [{ name: 'a', value: 'b' }] });
      expect(miss.outcome).toBe('not_found');
      expect(miss.verdict).toMatchObject({ tone: 'bad', title: '404 Not Found' });
      expect(miss.request.query).toBe('a=b');
    });

    it('shows precedence between routes and the filters of the winning rule, from a draft route', async () => {
      const h = await createHarness(t.db);
      const admin = createCaller(await createContextInner(h.rt, { headers: headers(ADMIN_TOKEN) }));
      await admin.examples.loadUpstreamTls({ namespace: 'sim2', listenerPort: PORT + 1 });
      const r = await admin.simulator.run({ port: PORT + 1, host: 'foo.example.com', path: '/headers', draft: EXACT_ROUTE, namespace: 'sim2' });
      expect(r.route?.name).toBe('headers-exact');
      expect(r.steps.some((s) => s.includes('wins over HTTPRoute sim2/http-route-foo') && s.includes('path type'))).toBe(true);
      expect(r.filters).toEqual([{ type: 'RequestHeaderModifier', scope: 'rule', text: 'request headers: set X-Env: draft' }]);
      // The worker's own planFilters says what reaches the upstream.
      expect(r.outcome).toBe('route');
      expect(r.effect.kind).toBe('forward');
      expect(r.effect.upstream).toMatchObject({ path: '/headers', host: 'foo.example.com', headers: { 'x-env': 'draft' } });
      expect(r.effect.steps[0]).toBe('rule RequestHeaderModifier: set X-Env: draft');
      // A redirect draft: the verdict is the redirect and its Location.
      const redirect = EXACT_ROUTE.replace(/ {4}filters:[\s\S]*$/, '    filters:\n    - type: RequestRedirect\n      requestRedirect: {scheme: https, path: {type: ReplaceFullPath, replaceFullPath: /moved}, statusCode: 301}\n');
      const moved = await admin.simulator.run({ port: PORT + 1, host: 'foo.example.com', path: '/headers?a=1', draft: redirect, namespace: 'sim2' });
      expect(moved.verdict).toMatchObject({ tone: 'ok', title: '301 redirect from the gateway', text: 'Location: https://foo.example.com/moved?a=1' });
      expect(moved.effect.redirect).toEqual({ status: 301, location: 'https://foo.example.com/moved?a=1' });
      // Another path still takes the stored route.
      const other = await admin.simulator.run({ port: PORT + 1, host: 'foo.example.com', path: '/get', draft: EXACT_ROUTE, namespace: 'sim2' });
      expect(other.route?.name).toBe('http-route-foo');
    });

    it('refuses bad input and bad drafts with field paths; a viewer may simulate but not load the example', async () => {
      const h = await createHarness(t.db);
      const admin = createCaller(await createContextInner(h.rt, { headers: headers(ADMIN_TOKEN) }));
      const bad = await admin.simulator.run({ port: 0, host: 'http://x/', path: 'headers' } as never).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(TRPCError);
      expect((bad as TRPCError).code).toBe('BAD_REQUEST');

      const badDraft = await admin.simulator.run({ port: PORT, host: 'foo.example.com', path: '/', draft: 'kind: HTTPRoute\napiVersion: gateway.networking.k8s.io/v1\nmetadata: {name: x}\nspec: {rules: [{backendRefs: [{name: svc}]}]}\n---\nnot: [valid' }).catch((e: unknown) => e);
      expect((badDraft as TRPCError).code).toBe('BAD_REQUEST');
      const details = ((badDraft as TRPCError).cause as unknown as { details: { path: string }[] }).details;
      expect(details[0]?.path).toMatch(/^draft\[1\]/);

      const invalidObject = await admin.simulator.run({ port: PORT, host: 'foo.example.com', path: '/', draft: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 0}]}\n' }).catch((e: unknown) => e);
      expect(((invalidObject as TRPCError).cause as unknown as { details: { path: string }[] }).details.map((d) => d.path)).toContain('draft[0].spec.ports[0].port');

      const viewer = createCaller(await createContextInner(h.rt, { headers: headers(await h.tokenFor('viewer')) }));
      const none = await viewer.simulator.run({ port: PORT + 7, host: 'foo.example.com', path: '/' });
      expect(none.outcome).toBe('not_found');
      expect(none.steps).toEqual([`no programmed listener on port ${PORT + 7}`]);
      await expect(viewer.examples.loadUpstreamTls({ namespace: 'nope' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});
