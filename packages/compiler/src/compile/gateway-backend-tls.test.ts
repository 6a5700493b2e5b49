import { describe, expect, it } from 'vitest';
import type { Condition, KubeObject } from '@gatehouse/domain/object/meta';
import { backendTlsPolicy, configMap, gateway, route, secret, service } from '../../test/fixtures/build-objects';
import { matchRequest } from '../match/match-request';
import { SUPPORTED_FEATURE_NAMES } from '../status/supported-features';
import { compileSnapshot } from './compile-snapshot';

const OPTS = { controllerName: 'gatehouse.dev/gateway-controller', now: '2026-01-01T00:00:00Z' };
// PEM-shaped placeholders (the compiler checks structure only); the key marker is assembled so no source spells it.
const CERT = '-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n';
const KEY = `-----BEGIN ${'PRIVATE'} KEY-----\nQUJD\n-----END ${'PRIVATE'} KEY-----\n`;

function withClientCertificate(gw: KubeObject, ref: Record<string, string>): KubeObject {
  return { ...gw, spec: { ...(gw.spec as object), tls: { backend: { clientCertificateRef: ref } } } };
}

function gatewayConditions(objects: KubeObject[], name: string): Condition[] {
  const s = compileSnapshot({ revision: 1, objects }, OPTS).statuses.find((x) => x.kind === 'Gateway' && x.name === name);
  return (s?.status.conditions ?? []) as Condition[];
}

const base = (): KubeObject[] => [
  route('ns', 'r', { parents: [{ name: 'gw' }], rules: [{ backend: 'app', port: 443 }] }),
  ...service('ns', 'app', ['10.0.0.1'], { port: 443, portName: 'https' }),
  configMap('ns', 'ca', { 'ca.crt': CERT }),
  backendTlsPolicy('ns', 'app-tls', 'app', 'ca', 'app.internal'),
];

describe('Gateway spec.tls.backend.clientCertificateRef', () => {
  it('puts a usable certificate on every listener of its Gateway and reports ResolvedRefs=True', () => {
    const gw = withClientCertificate(gateway('ns', 'gw', [{ name: 'a', port: 80 }, { name: 'b', port: 81 }]), { name: 'client' });
    const objects = [gw, ...base(), secret('ns', 'client', { 'tls.crt': CERT, 'tls.key': KEY })];
    const { table } = compileSnapshot({ revision: 1, objects }, OPTS);
    const m = matchRequest(table, { port: 81, host: 'x', path: '/', method: 'GET', headers: {} });
    expect(m.listener?.backendClientCertificate).toMatchObject({ gateway: { namespace: 'ns', name: 'gw' }, source: 'ns/client', certPem: CERT, keyPem: KEY });
    expect(table.ports['80']?.anyHost?.backendClientCertificate?.source).toBe('ns/client');
    expect(gatewayConditions(objects, 'gw').find((c) => c.type === 'ResolvedRefs')).toMatchObject({ status: 'True', reason: 'ResolvedRefs' });
  });

  it('across namespaces needs a ReferenceGrant (RefNotPermitted, then resolved); the Gateway stays Accepted', () => {
    const gw = withClientCertificate(gateway('ns', 'gw', [{ name: 'a', port: 80 }]), { name: 'client', namespace: 'certs' });
    const objects = [gw, ...base(), secret('certs', 'client', { 'tls.crt': CERT, 'tls.key': KEY })];
    const denied = gatewayConditions(objects, 'gw');
    expect(denied.find((c) => c.type === 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'RefNotPermitted' });
    expect(denied.find((c) => c.type === 'Accepted')).toMatchObject({ status: 'True', reason: 'Accepted' });
    const grant: KubeObject = {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { namespace: 'certs', name: 'gateways-to-client' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'ns' }], to: [{ group: '', kind: 'Secret' }] },
    };
    expect(gatewayConditions([...objects, grant], 'gw').find((c) => c.type === 'ResolvedRefs')).toMatchObject({ status: 'True' });
  });

  it('a Secret without tls.key is InvalidClientCertificateRef and no certificate reaches the table', () => {
    const gw = withClientCertificate(gateway('ns', 'gw', [{ name: 'a', port: 80 }]), { name: 'client' });
    const objects = [gw, ...base(), secret('ns', 'client', { 'tls.crt': CERT })];
    const { table } = compileSnapshot({ revision: 1, objects }, OPTS);
    expect(table.ports['80']?.anyHost?.backendClientCertificate).toBeNull();
    expect(gatewayConditions(objects, 'gw').find((c) => c.type === 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'InvalidClientCertificateRef', message: expect.stringContaining('lacks tls.key') });
  });
});

describe('BackendTLSPolicy input the API server would refuse', () => {
  it('caCertificateRefs and wellKnownCACertificates together are Invalid and the backend answers 500', () => {
    const policy = backendTlsPolicy('ns', 'both', 'app', 'ca', 'app.internal');
    (policy.spec as { validation: Record<string, unknown> }).validation.wellKnownCACertificates = 'System';
    const objects = [gateway('ns', 'gw', [{ name: 'a', port: 80 }]), ...base().slice(0, 3), policy];
    const { table, statuses } = compileSnapshot({ revision: 1, objects }, OPTS);
    const ancestors = statuses.find((s) => s.kind === 'BackendTLSPolicy')?.status.ancestors as Array<{ conditions: Condition[] }>;
    expect(ancestors[0]?.conditions[0]).toMatchObject({ type: 'Accepted', status: 'False', reason: 'Invalid', message: 'must not contain both caCertificateRefs and wellKnownCACertificates' });
    const m = matchRequest(table, { port: 80, host: 'x', path: '/', method: 'GET', headers: {} });
    expect(m.fixedResponse).toMatchObject({ status: 500, code: 'invalid_backend' });
  });
});

describe('BackendTLSPolicy ancestors', () => {
  it('are the Gateways routing to the Service, at most 16 (PolicyStatus MaxItems), sorted by ns/name', () => {
    const names = Array.from({ length: 17 }, (_, i) => `gw-${String(i).padStart(2, '0')}`);
    const objects = [
      ...names.map((n, i) => gateway('ns', n, [{ name: 'http', port: 9000 + i }])),
      route('ns', 'r', { parents: names.map((name) => ({ name })), rules: [{ backend: 'app', port: 443 }] }),
      ...base().slice(1),
    ];
    const s = compileSnapshot({ revision: 1, objects }, OPTS).statuses.find((x) => x.kind === 'BackendTLSPolicy');
    const ancestors = s?.status.ancestors as Array<{ ancestorRef: { name: string } }>;
    expect(ancestors.map((a) => a.ancestorRef.name)).toEqual(names.slice(0, 16));
  });
});

describe('GatewayClass status.supportedFeatures', () => {
  it('is sorted, without duplicates, and carried as {name} objects', () => {
    expect([...SUPPORTED_FEATURE_NAMES]).toEqual([...new Set(SUPPORTED_FEATURE_NAMES)].sort());
    const cls: KubeObject = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'gatehouse', generation: 1 }, spec: { controllerName: OPTS.controllerName } };
    const s = compileSnapshot({ revision: 1, objects: [cls] }, OPTS).statuses.find((x) => x.kind === 'GatewayClass');
    expect(s?.status.supportedFeatures).toEqual(SUPPORTED_FEATURE_NAMES.map((name) => ({ name })));
    expect(SUPPORTED_FEATURE_NAMES).toEqual(expect.arrayContaining(['BackendTLSPolicy', 'BackendTLSPolicySANValidation', 'GatewayBackendClientCertificate', 'Gateway', 'HTTPRoute', 'ReferenceGrant']));
  });
});
