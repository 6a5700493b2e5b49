/**
 * Hostile input over real HTTP (issue 11 §2): a fixed corpus and fast-check properties posted to every write
 * endpoint — each REST route with a body (create/update per resource, users, tokens, certificates, clusters,
 * notification channels, apply with YAML and JSON) and every tRPC mutation — plus hostile path parameters on every
 * REST write route. Every answer must be a 4xx whose body names the problem, never a 5xx, and a refused request
 * must leave the database exactly as it was (every row of every table compared before and after).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { MAX_BODY_BYTES } from '../src/server/rest/http';
import { allRoutes } from '../src/server/rest/router';
import type { RouteDef } from '../src/server/rest/route-def';
import { appRouter } from '../src/server/trpc/root';
import { ADMIN_TOKEN, createHarness, type Harness } from './support/console-harness';
import { dumpDatabase } from './support/database-dump';
import { serveConsoleHttp } from './support/http-console';

interface Answer {
  status: number;
  text: string;
  json: unknown;
}

interface Body {
  label: string;
  body: string | Uint8Array<ArrayBuffer>;
  contentType: string;
}

const json = (label: string, body: string): Body => ({ label, body, contentType: 'application/json' });
const yaml = (label: string, body: string): Body => ({ label, body, contentType: 'application/yaml' });

const DEPTH = 20_000;
const deepArray = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
const deepObject = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);
const billionLaughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');

/** Bodies no write endpoint may accept: each must be refused with a 4xx naming the problem. */
const CORPUS: Body[] = [
  json('empty', ''),
  json('truncated object', '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "tr'),
  json('a lone brace', '{'),
  json('null', 'null'),
  json('a number', '42'),
  json('a string', '"<script>alert(1)</script>"'),
  json('an empty array', '[]'),
  json('an array of numbers', '[1, 2, 3]'),
  json('single quotes', "{'name': 'x'}"),
  json('trailing comma', '{"name": "x",}'),
  json('a NUL byte', '{"name": "x\u0000"}'),
  { label: 'invalid UTF-8', body: new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]), contentType: 'application/json' },
  json('deeply nested arrays', deepArray),
  json('deeply nested objects', deepObject),
  json('prototype pollution', '{"__proto__": {"role": "admin", "isAdmin": true}, "constructor": {"prototype": {"x": 1}}}'),
  json('wrong types everywhere', '{"apiVersion": 1, "kind": [], "metadata": "x", "name": {}, "role": 7, "password": false, "spec": "spec", "data": [1]}'),
  json('a long single field', `{"name": "${'x'.repeat(256 * 1024)}", "apiVersion": "${'v'.repeat(64 * 1024)}"}`),
  json('duplicate keys', '{"name": "a", "name": "b", "role": "viewer", "role": "admin"}'),
  yaml('YAML alias bomb (billion laughs)', billionLaughs),
  yaml('YAML duplicate keys', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  name: dup2\n'),
  yaml('YAML bad indentation', 'apiVersion: v1\n kind: ConfigMap\n  metadata: x\n'),
  yaml('YAML tabs as indentation', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n'),
  yaml('YAML unknown tag', 'apiVersion: v1\nkind: !!js/function "function () { return 1 }"\n'),
  yaml('YAML undefined alias', 'apiVersion: v1\nkind: *nope\n'),
  yaml('YAML deep flow nesting', '['.repeat(DEPTH / 10) + ']'.repeat(DEPTH / 10)),
  yaml('YAML deep block nesting', Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n'),
  yaml('YAML merge key bomb', 'a: &a {x: 1}\nb: &b {<<: [*a, *a, *a, *a]}\nc: {<<: [*b, *b, *b, *b]}\n'),
  yaml('a truncated YAML document', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "unterminated\n'),
  yaml('a YAML scalar', 'just a string\n'),
  { label: 'multipart', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n', contentType: 'multipart/form-data; boundary=x' },
  { label: 'an image', body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), contentType: 'image/png' },
];

/**
 * Bodies reach a handful of shared readers: one for manifests (every kind's create and replace, apply), one for
 * JSON-only REST bodies, and tRPC's own. The items that test a reader (syntax, encodings, YAML features, content
 * types, sizes) are sent in full to representatives of each; every other write endpoint gets the items whose
 * judgement depends on its own input schema.
 */
const PER_INPUT = new Set(['null', 'a number', 'an empty array', 'a NUL byte', 'deeply nested objects', 'prototype pollution', 'wrong types everywhere', 'duplicate keys', 'YAML duplicate keys', 'a long single field']);
const REST_READERS = new Set(['POST /apply', 'POST /namespaces/{namespace}/configmaps', 'PUT /namespaces/{namespace}/configmaps/{name}', 'POST /users', 'POST /certificates/import', 'POST /clusters', 'POST /session']);
const TRPC_READERS = new Set(['resources.create', 'users.create']);
const corpusFor = (key: string, readers: Set<string>): Body[] => (readers.has(key) ? CORPUS : CORPUS.filter((b) => PER_INPUT.has(b.label)));

/** Values for path parameters that name nothing, or nothing valid: the route must say so with a 4xx. */
const HOSTILE_PARAMS = [
  'no-such-thing',
  "x' OR '1'='1",
  '"; DROP TABLE "Resource"; --',
  '<script>alert(1)</script>',
  '..',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%00',
  '%E0%A4%A', // a malformed percent escape
  '%ZZ',
  'ｕｎｉｃｏｄｅ-名前-😀',
  'a'.repeat(5000),
  '\u202e\u200b',
];

/** Strings an attacker would put in any field: injections, control and invisible characters, odd unicode. */
const INJECTIONS = [
  "'; DROP TABLE \"Resource\"; --",
  "x' OR '1'='1",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{constructor.constructor("alert(1)")()}}',
  '${7*7}',
  '=HYPERLINK("http://evil.example","x")',
  '\u0000',
  '\r\nX-Injected: 1',
  '\u202egnp.exe',
  '\u200b\ufeff',
  'Ａｄｍｉｎ',
  '😀'.repeat(100),
  '../../etc/passwd',
  'a'.repeat(70_000),
];
const hostileString = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.fullUnicodeString({ maxLength: 40 }),
  fc.tuple(fc.constantFrom(...INJECTIONS), fc.fullUnicodeString({ maxLength: 8 })).map(([a, b]) => a + b),
);

/**
 * Path segments are decoded in one place (the router), then each route looks its parameters up: every hostile
 * value goes to representatives, and the ones that reach a lookup differently (SQL, NUL, length, unicode, a
 * malformed escape) to every other route.
 */
const PARAM_READERS = new Set(['DELETE /namespaces/{namespace}/configmaps/{name}', 'PUT /users/{id}', 'DELETE /certificates/{id}', 'POST /clusters/{name}/push']);
const PER_ROUTE_PARAMS = HOSTILE_PARAMS.filter((p) => /OR '1'|%00|%E0|ｕｎｉｃｏｄｅ/.test(p) || p.length > 1000);

const CSRF_FREE_HEADERS = { authorization: `Bearer ${ADMIN_TOKEN}`, 'user-agent': 'hostile-input-test' };

function fill(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? 'x');
}

/** Who names what: an existing place for the body to be judged in (a namespace, an object that exists). */
const PLAIN_PARAMS = { namespace: 'hostile', name: 'target', id: 'no-such-id', bindingId: 'no-such-binding' };

function writeRoutes(): RouteDef[] {
  return allRoutes().filter((r) => r.method !== 'GET');
}

/** Mutations that take input (those without ignore any body: there is nothing hostile to send them). */
function trpcMutations(): string[] {
  const procedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: string; inputs: unknown[] } }> } })._def.procedures;
  return Object.entries(procedures).filter(([, p]) => p._def.type === 'mutation' && p._def.inputs.length > 0).map(([path]) => path).sort();
}

/** A 4xx with a machine code and a message; where the request itself was wrong, the field path of the problem. */
function expectRefusal(a: Answer, what: string): void {
  expect(a.status, `${what}: ${a.status} ${a.text.slice(0, 400)}`).toBeGreaterThanOrEqual(400);
  expect(a.status, `${what}: ${a.status} ${a.text.slice(0, 400)}`).toBeLessThan(500);
  const body = a.json as { code?: unknown; message?: unknown; details?: { path?: unknown }[]; error?: { message?: unknown; data?: { details?: { path?: unknown }[] } } } | undefined;
  expect(body, `${what}: a JSON body`).toBeTypeOf('object');
  const message = body?.message ?? body?.error?.message;
  expect(message, `${what}: a message`).toBeTypeOf('string');
  const details = body?.details ?? body?.error?.data?.details ?? [];
  if ([400, 413, 415, 422].includes(a.status)) {
    expect(details.length, `${what}: details naming the field (${a.text.slice(0, 300)})`).toBeGreaterThan(0);
    for (const d of details) expect(typeof d.path === 'string' && d.path.length > 0, `${what}: a field path in ${JSON.stringify(d)}`).toBe(true);
  }
}

forEachDatabase((t) => {
  describe('hostile input over real HTTP', () => {
    let h: Harness;
    let server: { url: string; close(): Promise<void> };

    async function send(method: string, path: string, body?: Body): Promise<Answer> {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { ...CSRF_FREE_HEADERS, ...(body ? { 'content-type': body.contentType } : {}) },
        ...(body ? { body: body.body } : {}),
      }).catch((e: unknown) => {
        throw new Error(`${method} ${path.slice(0, 120)} with ${body?.label ?? 'no body'}: ${String(e)} ${String((e as { cause?: unknown }).cause)}`);
      });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: res.status, text, json: parsed };
    }

    /**
     * Sends each request, expects each to be refused, and checks that nothing in the database moved. The dump is
     * compared around a group of requests (one route's corpus): the store only moves forward (revision counter,
     * append-only audit chain), so a write by any one of them would show; on a difference, each is retried alone
     * to name the culprit.
     */
    async function expectRefusedUnchanged(requests: { method: string; path: string; body?: Body; what: string }[]): Promise<void> {
      const before = await dumpDatabase(t.db);
      for (const r of requests) expectRefusal(await send(r.method, r.path, r.body), r.what);
      // (one comparison for the whole group keeps this file fast; the search below only runs on a difference)
      if ((await dumpDatabase(t.db)) === before) return;
      for (const r of requests) {
        const one = await dumpDatabase(t.db);
        await send(r.method, r.path, r.body);
        if ((await dumpDatabase(t.db)) !== one) expect.fail(`${r.what}: the database changed although the request was refused`);
      }
      expect.fail(`${requests[0]?.what ?? 'a group'}: the database changed although every request was refused`);
    }

    beforeAll(async () => {
      h = await createHarness(t.db);
      server = await serveConsoleHttp(h);
      // Something for updates to aim at, and the token's lastUsedAt stamped before the first comparison.
      const seeded = await send('POST', '/api/v1/apply?namespace=hostile', yaml('seed', [
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: target\ndata:\n  a: b',
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: target\nspec:\n  ports:\n  - port: 80',
      ].join('\n---\n')));
      expect(seeded.status, seeded.text).toBe(200);
    });
    afterAll(async () => {
      await server?.close();
    });

    it('refuses every corpus body on every REST write route that takes one, with nothing written', async () => {
      const routes = writeRoutes().filter((r) => r.body);
      expect(routes.length).toBeGreaterThan(40);
      expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining([...REST_READERS]));
      await expectRefusedUnchanged(routes.flatMap((r) => {
        const path = `/api/v1${fill(r.path, PLAIN_PARAMS)}`;
        return corpusFor(`${r.method} ${r.path}`, REST_READERS).map((b) => ({ method: r.method, path, body: b, what: `${r.method} ${r.path} with ${b.label}` }));
      }));
    });

    it('refuses every corpus body on every tRPC mutation, with nothing written', async () => {
      const mutations = trpcMutations();
      expect(mutations.length).toBeGreaterThan(20);
      expect(mutations).toEqual(expect.arrayContaining([...TRPC_READERS]));
      await expectRefusedUnchanged(mutations.flatMap((m) => corpusFor(m, TRPC_READERS).map((b) => ({ method: 'POST', path: `/api/trpc/${m}`, body: b, what: `tRPC ${m} with ${b.label}` }))));
    });

    const RUNS = 20;

    /** A 2xx (the input was valid) or a refusal that names the field and wrote nothing; never a 5xx. */
    async function expectAcceptedOrRefusedClean(method: string, path: string, body: Body, what: string): Promise<Answer> {
      const before = await dumpDatabase(t.db);
      const a = await send(method, path, body);
      if (a.status >= 200 && a.status < 300) return a;
      expectRefusal(a, what);
      if ((await dumpDatabase(t.db)) !== before) expect.fail(`${what}: the database changed although the request was refused (${a.status})`);
      return a;
    }

    it('property: hostile strings in names, labels, annotations, data and hostnames are stored verbatim or refused cleanly', async () => {
      let n = 0;
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(hostileString, hostileString, hostileString, hostileString, fc.constantFrom('rest', 'apply-json', 'apply-yaml', 'trpc'), async (name, labelValue, annotation, hostname, via) => {
          // Every other run keeps the strictly checked fields valid, so that the free-text ones are stored and read back.
          const plain = n++ % 2 === 0;
          const object = {
            apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute',
            metadata: { name: plain ? `p${n}` : name, namespace: 'hostile', labels: { app: plain ? 'ok' : labelValue }, annotations: { note: annotation, [`k${n}`]: labelValue } },
            spec: { hostnames: [plain ? 'a.example.com' : hostname], rules: [{ backendRefs: [{ name: 'target', port: 80 }] }] },
          };
          const body = via === 'apply-yaml' ? yaml('YAML', (await import('yaml')).stringify(object)) : json('JSON', JSON.stringify(via.startsWith('apply') ? [object] : via === 'trpc' ? { plural: 'httproutes', namespace: 'hostile', object } : object));
          const path = via === 'rest' ? '/api/v1/namespaces/hostile/httproutes' : via === 'trpc' ? '/api/trpc/resources.create' : '/api/v1/apply';
          const a = await expectAcceptedOrRefusedClean('POST', path, body, `${via} HTTPRoute ${JSON.stringify(object.metadata).slice(0, 200)}`);
          if (a.status >= 300) return;
          // Accepted: read back exactly as sent (no truncation, no re-encoding, no half-applied sanitising).
          const got = await send('GET', `/api/v1/namespaces/hostile/httproutes/${encodeURIComponent(object.metadata.name)}`);
          expect(got.status, got.text.slice(0, 300)).toBe(200);
          const stored = got.json as { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: { hostnames: string[] } };
          expect(stored.metadata.annotations.note).toBe(annotation);
          expect(stored.metadata.annotations[`k${n}`]).toBe(labelValue);
          expect(stored.metadata.labels.app).toBe(object.metadata.labels.app);
          expect(stored.spec.hostnames).toEqual(object.spec.hostnames);
          accepted++;
          expect((await send('DELETE', `/api/v1/namespaces/hostile/httproutes/${encodeURIComponent(object.metadata.name)}`)).status).toBe(200);
        }),
        { numRuns: RUNS },
      );
      // Both outcomes were exercised: some inputs stored and read back, not only refusals.
      expect(accepted).toBeGreaterThan(0);
    });

    it('property: a valid body truncated anywhere, or with any field given a wrong type, is never a 5xx nor a partial write', async () => {
      const valid = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cut', labels: { a: 'b' }, annotations: { c: 'd' } }, data: { key: 'value', other: 'x' } };
      const leaves = ['apiVersion', 'kind', 'metadata', 'metadata.name', 'metadata.labels', 'metadata.labels.a', 'metadata.annotations.c', 'data', 'data.key'];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('truncate-json', 'truncate-yaml', 'retype'), fc.nat(), fc.constantFrom(...leaves), fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('rest', 'apply', 'trpc'), async (mode, cut, leaf, replacement, via) => {
          let body: Body;
          let object: unknown = valid;
          if (mode === 'retype') {
            object = structuredClone(valid);
            const keys = leaf.split('.');
            let at = object as Record<string, unknown>;
            for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
            at[keys.at(-1)!] = replacement;
          }
          const wrapped = via === 'apply' ? [object] : via === 'trpc' ? { plural: 'configmaps', namespace: 'hostile', object } : object;
          if (mode === 'truncate-yaml') {
            const text = (await import('yaml')).stringify(via === 'trpc' ? object : wrapped);
            body = yaml('truncated YAML', text.slice(0, cut % text.length));
          } else {
            const text = JSON.stringify(wrapped);
            body = json(mode, mode === 'truncate-json' ? text.slice(0, cut % text.length) : text);
          }
          const path = via === 'rest' ? '/api/v1/namespaces/hostile/configmaps' : via === 'trpc' ? '/api/trpc/resources.create' : '/api/v1/apply?namespace=hostile';
          const a = await expectAcceptedOrRefusedClean('POST', path, body, `${mode} ${leaf} via ${via}: ${typeof body.body === 'string' ? body.body.slice(0, 160) : ''}`);
          if (a.status < 300) await send('DELETE', '/api/v1/namespaces/hostile/configmaps/cut');
        }),
        { numRuns: RUNS * 2 },
      );
    });

    it('refuses bodies over the limit with 413, declared (Content-Length) or streamed (chunked), with nothing written', async () => {
      const over = MAX_BODY_BYTES + 1024 * 1024;
      const targets = ['/api/v1/apply', '/api/v1/namespaces/hostile/configmaps', '/api/v1/users', '/api/trpc/resources.create'];
      const before = await dumpDatabase(t.db);
      for (const path of targets) {
        const declared = await send('POST', path, json('over the limit', `{"a":"${'x'.repeat(over)}"}`));
        expect(declared.status, `${path} declared`).toBe(413);
        expectRefusal(declared, `${path} declared`);
        let sent = 0;
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent >= over) return controller.close();
            sent += 256 * 1024;
            controller.enqueue(new Uint8Array(256 * 1024).fill(0x20));
          },
        });
        const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...CSRF_FREE_HEADERS, 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
        const text = await res.text();
        expect(res.status, `${path} streamed: ${text.slice(0, 200)}`).toBe(413);
      }
      expect(await dumpDatabase(t.db)).toBe(before);
    });

    it('refuses hostile path parameters on every REST write route, with nothing written', async () => {
      const routes = writeRoutes().filter((x) => x.path.includes('{'));
      expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining([...PARAM_READERS]));
      expect(PER_ROUTE_PARAMS).toHaveLength(5);
      await expectRefusedUnchanged(routes.flatMap((r) => (PARAM_READERS.has(`${r.method} ${r.path}`) ? HOSTILE_PARAMS : PER_ROUTE_PARAMS).map((p) => {
        const params = Object.fromEntries(Object.keys(PLAIN_PARAMS).map((k) => [k, p]));
        const body = r.body ? json('a plausible body', '{"name":"x"}') : undefined;
        return { method: r.method, path: `/api/v1${fill(r.path, params)}`, ...(body ? { body } : {}), what: `${r.method} ${r.path} with ${JSON.stringify(p.slice(0, 40))}` };
      })));
    });
  });
});
