import { parseObject } from '@gatehouse/domain/registry/parse-object';
import type { FieldValues, ResolverOptions } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { codecResolver } from './codec-resolver';
import { editableObject } from './editable-object';
import { displayPath, flattenErrors } from './error-paths';
import type { FormCodec } from './form-codec';
import { configMapCodec, gatewayCodec, httpRouteCodec, listenerSetCodec, serviceCodec, tlsRouteCodec } from './kinds/codecs';
import { REDACTED_ANNOTATION, secretCodec } from './kinds/secret.codec';
import { parseKubePath } from './server-errors';
import { comparable, readYamlObject, toYaml } from './yaml-text';

const options = { fields: {}, shouldUseNativeValidation: false } as ResolverOptions<FieldValues>;

async function problems<V extends FieldValues>(codec: FormCodec<V>, values: V): Promise<Record<string, string>> {
  const r = await codecResolver(codec)(values, undefined, options as ResolverOptions<V>);
  return Object.fromEntries(flattenErrors(r.errors).map((e) => [e.path, e.message]));
}

describe('form codecs validate with the domain schemas and file problems under their fields', () => {
  it('a Gateway form is the object: defaults pass, bad ports and duplicate names land on the listener fields', async () => {
    const blank = gatewayCodec.toForm(gatewayCodec.blank('httpbin'));
    expect(await problems(gatewayCodec, blank)).toEqual({ 'metadata.name': expect.stringContaining('Too small') });
    const gw = gatewayCodec.toForm({ ...gatewayCodec.blank('httpbin'), metadata: { name: 'gw', namespace: 'httpbin' } });
    expect(await problems(gatewayCodec, gw)).toEqual({});
    const listeners = [{ name: 'http', protocol: 'HTTP', port: 0 }, { name: 'http', protocol: 'HTTP', port: undefined }];
    const bad = { ...gw, spec: { ...gw.spec, listeners } };
    expect(await problems(gatewayCodec, bad as typeof gw)).toEqual({
      'spec.listeners.0.port': expect.stringMatching(/>=1/),
      'spec.listeners.1.port': 'Required',
    });
    // The list's own rules (CEL on spec.listeners) run once every listener parses, and name the listener at fault.
    const twice = { ...gw, spec: { ...gw.spec, listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }, { name: 'http', protocol: 'HTTP', port: 81 }] } };
    expect(await problems(gatewayCodec, twice as typeof gw)).toEqual({ 'spec.listeners.1.name': 'Listener name must be unique within the Gateway: "http" (same as item 0)' });
    // The object the form describes is what the API accepts: parseObject (the REST/tRPC parser) agrees.
    expect(() => parseObject(gatewayCodec.toObject(gw))).not.toThrow();
  });

  it('a ListenerSet form: needs its Gateway and a name; listener rules are the Gateway listener rules', async () => {
    const blank = listenerSetCodec.toForm(listenerSetCodec.blank('team'));
    expect(await problems(listenerSetCodec, blank)).toEqual({ 'metadata.name': expect.stringContaining('Too small'), 'spec.parentRef.name': expect.stringContaining('Too small') });
    const ls = listenerSetCodec.toForm({ ...listenerSetCodec.blank('team'), metadata: { name: 'extra', namespace: 'team' }, spec: { ...blank.spec, parentRef: { name: 'gw', namespace: 'infra' } } });
    expect(await problems(listenerSetCodec, ls)).toEqual({});
    const twice = { ...ls, spec: { ...ls.spec, listeners: [{ name: 'a', protocol: 'HTTP', port: 80 }, { name: 'a', protocol: 'HTTP', port: 81 }] } };
    expect(await problems(listenerSetCodec, twice as typeof ls)).toEqual({ 'spec.listeners.1.name': 'Listener name must be unique within the Gateway: "a" (same as item 0)' });
    expect(() => parseObject(listenerSetCodec.toObject(ls))).not.toThrow();
  });

  it('an HTTPRoute with an emptied optional input sends no empty string (the CRD would refuse "")', async () => {
    const route = httpRouteCodec.toForm({ ...httpRouteCodec.blank('httpbin'), metadata: { name: 'r', namespace: 'httpbin' } });
    const spec = route.spec as { parentRefs: { name: string; sectionName?: string }[]; rules: { backendRefs: { name: string; port?: number }[] }[] };
    spec.parentRefs[0] = { name: 'gw', sectionName: undefined };
    spec.rules[0]!.backendRefs[0] = { name: 'httpbin', port: Number.NaN };
    const obj = httpRouteCodec.toObject(route);
    expect((obj.spec as typeof spec).parentRefs[0]).toEqual({ name: 'gw' });
    expect(await problems(httpRouteCodec, route)).toEqual({ 'spec.rules.0.backendRefs.0.port': 'Must have port for Service reference' });
  });

  it('a TLSRoute form: the blank needs a name, a server name and a backend Service; an IP server name lands on its field', async () => {
    const blank = tlsRouteCodec.toForm(tlsRouteCodec.blank('db'));
    expect(Object.keys(await problems(tlsRouteCodec, blank)).sort()).toEqual(['metadata.name', 'spec.hostnames', 'spec.parentRefs.0.name', 'spec.rules.0.backendRefs.0.name']);
    const filled = tlsRouteCodec.toForm({
      ...tlsRouteCodec.blank('db'),
      metadata: { name: 'pg', namespace: 'db' },
      spec: { parentRefs: [{ name: 'gw', sectionName: 'tls' }], hostnames: ['pg.example.com'], rules: [{ backendRefs: [{ name: 'pg', port: 5432 }] }] },
    });
    expect(await problems(tlsRouteCodec, filled)).toEqual({});
    expect(() => parseObject(tlsRouteCodec.toObject(filled))).not.toThrow();
    const ip = { ...filled, spec: { ...filled.spec, hostnames: ['10.1.2.3'] } };
    expect(await problems(tlsRouteCodec, ip as typeof filled)).toEqual({ 'spec.hostnames.0': 'Hostnames cannot contain an IP' });
  });

  it('a Service selector is edited as rows and goes back to a map; a bad label key points at its row', async () => {
    const svc = serviceCodec.toForm({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpbin', namespace: 'httpbin' }, spec: { selector: { app: 'httpbin' }, ports: [{ port: 8443, targetPort: 443 }] } });
    expect(svc.spec.selector).toEqual([{ key: 'app', value: 'httpbin' }]);
    expect(serviceCodec.toObject(svc)).toMatchObject({ spec: { selector: { app: 'httpbin' }, ports: [{ port: 8443, targetPort: 443 }] } });
    svc.spec.selector.push({ key: 'tier', value: 'not valid!' }, { key: '', value: 'ignored until it has a key' });
    expect(await problems(serviceCodec, svc)).toEqual({ 'spec.selector.1.value': expect.stringContaining('63 characters') });
    expect(serviceCodec.formPath(parseKubePath('spec.selector[tier]'), svc)).toBe('spec.selector.1.value');
  });

  it('a ConfigMap\'s keys with dots (ca.crt) become rows, so paths never split a key', () => {
    const cm = configMapCodec.toForm({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ca', namespace: 'x' }, data: { 'ca.crt': 'PEM' } });
    expect(configMapCodec.formPath(parseKubePath('data[ca.crt]'), cm)).toBe('data.0.value');
    expect(configMapCodec.toObject(cm)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ca', namespace: 'x' }, data: { 'ca.crt': 'PEM' } });
  });
});

describe('Secrets are write-only', () => {
  const read = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'https-cert', namespace: 'httpbin', resourceVersion: '7', uid: 'u', annotations: { [REDACTED_ANNOTATION]: 'true' } }, type: 'Opaque', dataInfo: { 'ca.crt': { bytes: 1200 } } };

  it('a Secret read from the API keeps its stored keys without ever holding their values', () => {
    const form = secretCodec.toForm(editableObject(read));
    expect(form.entries).toEqual([{ key: 'ca.crt', mode: 'keep', value: '', encoding: 'text', bytes: 1200 }]);
    expect(form.metadata).toEqual({ name: 'https-cert', namespace: 'httpbin', resourceVersion: '7' });
    form.entries.push({ key: 'note', mode: 'set', value: 'added', encoding: 'text' });
    const obj = secretCodec.toObject(form);
    expect(obj).toEqual({
      apiVersion: 'v1', kind: 'Secret', type: 'Opaque',
      metadata: { name: 'https-cert', namespace: 'httpbin', resourceVersion: '7', annotations: { [REDACTED_ANNOTATION]: 'true' } },
      stringData: { note: 'added' }, dataInfo: { 'ca.crt': { bytes: 1200 } },
    });
    // What the API parses: the new key only; the annotation makes it keep ca.crt.
    expect((parseObject(obj) as { data?: unknown }).data).toEqual({ note: Buffer.from('added').toString('base64') });
    // The YAML tab round-trips it (kept keys come back from dataInfo).
    const again = readYamlObject(toYaml(obj), 'Secret');
    expect(again.ok && secretCodec.toForm(again.object).entries).toEqual(form.entries);
  });

  it('a TLS Secret with its stored values kept is valid as it is; replacing every value drops the annotation', async () => {
    const form = secretCodec.toForm(editableObject({ ...read, type: 'kubernetes.io/tls', dataInfo: { 'tls.crt': { bytes: 10 }, 'tls.key': { bytes: 10 } } }));
    // The stored tls.crt/tls.key complete it: the server checks the type's keys after merging them.
    expect(await problems(secretCodec, form)).toEqual({});
    form.entries = form.entries.map((e) => ({ ...e, mode: 'set', value: `${e.key} PEM` }));
    expect(await problems(secretCodec, form)).toEqual({});
    expect(secretCodec.toObject(form).metadata).toEqual({ name: 'https-cert', namespace: 'httpbin', resourceVersion: '7' });
  });
});

describe('paths and YAML', () => {
  it('reads kubectl-style paths and shows form paths the same way', () => {
    expect(parseKubePath('spec.listeners[0].port')).toEqual(['spec', 'listeners', 0, 'port']);
    expect(parseKubePath('metadata.labels[app.kubernetes.io/name]')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
    expect(parseKubePath('(root)')).toEqual([]);
    expect(displayPath('spec.rules.0.backendRefs.1.port')).toBe('spec.rules[0].backendRefs[1].port');
  });

  it('accepts one object of the page\'s kind and says what is wrong otherwise', () => {
    expect(readYamlObject('kind: Gateway\nmetadata: {name: a}\n', 'Gateway')).toMatchObject({ ok: true });
    expect(readYamlObject('kind: HTTPRoute\n', 'Gateway')).toEqual({ ok: false, problem: 'kind must stay Gateway (found HTTPRoute): this page edits a Gateway.' });
    expect(readYamlObject('spec: [unclosed', 'Gateway')).toMatchObject({ ok: false, problem: expect.stringMatching(/line 1/i) });
    expect(readYamlObject('- a\n- b\n', 'Gateway')).toMatchObject({ ok: false });
    expect(readYamlObject('a: 1\na: 2\nkind: Gateway\n', 'Gateway')).toMatchObject({ ok: false, problem: expect.stringMatching(/unique/i) });
  });

  it('compares objects without server-owned fields', () => {
    expect(comparable({ kind: 'X', metadata: { name: 'a', resourceVersion: '3', uid: 'u', annotations: { [REDACTED_ANNOTATION]: 'true' } }, status: {}, spec: { a: 1 } }))
      .toEqual({ kind: 'X', metadata: { name: 'a' }, spec: { a: 1 } });
  });
});
