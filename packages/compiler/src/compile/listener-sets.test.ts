import { describe, expect, it } from 'vitest';
import type { Condition, KubeObject } from '@gatehouse/domain/object/meta';
import { allowingListenerSets, gateway, type ListenerInput, listenerSet, route, secret, service } from '../../test/fixtures/build-objects';
import { matchRequest } from '../match/match-request';
import { compileSnapshot } from './compile-snapshot';

/**
 * ListenerSet behaviour restated from the Gateway API v1.6 conformance tests (conformance/tests/listenerset-*):
 * allowedListeners, conflicts and precedence, ReferenceGrants, route kinds and route status per parentRef.
 */
const OPTS = { controllerName: 'gatehouse.dev/gateway-controller', now: '2026-01-01T00:00:00Z' };
// PEM-shaped placeholders (the compiler checks structure only: one DER SEQUENCE); the key marker is assembled.
const CERT = '-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n';
const KEY = `-----BEGIN ${'PRIVATE'} KEY-----\nMAA=\n-----END ${'PRIVATE'} KEY-----\n`;

type Status = Record<string, unknown> & { conditions?: Condition[]; listeners?: Array<{ name: string; attachedRoutes: number; supportedKinds: unknown[]; conditions: Condition[] }> };

function compile(objects: KubeObject[]) {
  const result = compileSnapshot({ revision: 1, objects }, OPTS);
  const status = (kind: string, namespace: string, name: string): Status | undefined =>
    result.statuses.find((s) => s.kind === kind && s.namespace === namespace && s.name === name)?.status as Status | undefined;
  return { ...result, status };
}

/** `type → status/reason` of a condition list. */
function summary(conditions: Condition[] | undefined): Record<string, string> {
  return Object.fromEntries((conditions ?? []).map((c) => [c.type, `${c.status}/${c.reason}`]));
}

function entry(s: Status | undefined, name: string) {
  return s?.listeners?.find((l) => l.name === name);
}

const infra = (listeners: ListenerInput[] = [{ name: 'gw', port: 80, hostname: 'gateway-listener.com' }]) => gateway('infra', 'gw', listeners);

describe('allowedListeners (ListenerSetDefaultNotAllowed, AllowedNamespaceNone/Same/Selector)', () => {
  const ls = (ns: string, name: string, host: string) => listenerSet(ns, name, { gateway: 'gw', gatewayNamespace: 'infra' }, [{ name: `${name}-l`, port: 80, hostname: host }]);

  it('by default (and with from: None) a Gateway takes no ListenerSet: NotAllowed on Accepted and Programmed', () => {
    for (const gw of [infra(), allowingListenerSets(infra(), { from: 'None' })]) {
      const c = compile([gw, ls('infra', 'set', 'set.example.com')]);
      expect(summary(c.status('Gateway', 'infra', 'gw')?.conditions)).toMatchObject({ Accepted: 'True/Accepted' });
      expect(c.status('Gateway', 'infra', 'gw')?.attachedListenerSets).toBe(0);
      expect(summary(c.status('ListenerSet', 'infra', 'set')?.conditions)).toEqual({ Accepted: 'False/NotAllowed', Programmed: 'False/NotAllowed' });
      expect(c.table.ports['80']?.exactHosts['set.example.com']).toBeUndefined();
    }
    const r = route('infra', 'to-refused-set', { parents: [{ kind: 'ListenerSet', name: 'set' }], rules: [{ backend: 'app', port: 8080 }] });
    const parents = (compile([infra(), ls('infra', 'set', 'set.example.com'), r]).status('HTTPRoute', 'infra', 'to-refused-set')?.parents ?? []) as Array<{ conditions: Condition[] }>;
    expect(parents[0]?.conditions.find((x) => x.type === 'Accepted')).toMatchObject({ status: 'False', reason: 'NoMatchingParent', message: expect.stringContaining('does not allow ListenerSets') });
  });

  it('Same admits the Gateway namespace only', () => {
    const c = compile([allowingListenerSets(infra(), { from: 'Same' }), ls('infra', 'same', 'same.example.com'), ls('other', 'elsewhere', 'other.example.com')]);
    expect(c.status('Gateway', 'infra', 'gw')?.attachedListenerSets).toBe(1);
    expect(summary(c.status('ListenerSet', 'infra', 'same')?.conditions)).toEqual({ Accepted: 'True/Accepted', Programmed: 'True/Programmed' });
    expect(summary(entry(c.status('ListenerSet', 'infra', 'same'), 'same-l')?.conditions)).toMatchObject({ Accepted: 'True/Accepted', ResolvedRefs: 'True/ResolvedRefs', Programmed: 'True/Programmed' });
    expect(summary(c.status('ListenerSet', 'other', 'elsewhere')?.conditions)).toEqual({ Accepted: 'False/NotAllowed', Programmed: 'False/NotAllowed' });
    expect(c.table.ports['80']?.exactHosts['same.example.com']?.listenerSet).toEqual({ namespace: 'infra', name: 'same' });
    expect(c.table.ports['80']?.exactHosts['other.example.com']).toBeUndefined();
  });

  it('Selector admits namespaces whose labels match', () => {
    const objects = [
      allowingListenerSets(infra(), { from: 'Selector', selector: { matchLabels: { allowed: 'ns' } } }),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'picked', labels: { allowed: 'ns' } } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'unpicked' } },
      ls('picked', 'in', 'in.example.com'),
      ls('unpicked', 'out', 'out.example.com'),
    ];
    const c = compile(objects);
    expect(c.status('Gateway', 'infra', 'gw')?.attachedListenerSets).toBe(1);
    expect(summary(c.status('ListenerSet', 'picked', 'in')?.conditions)).toEqual({ Accepted: 'True/Accepted', Programmed: 'True/Programmed' });
    expect(summary(c.status('ListenerSet', 'unpicked', 'out')?.conditions)).toEqual({ Accepted: 'False/NotAllowed', Programmed: 'False/NotAllowed' });
  });

  it('a Gateway without ListenerSets and without allowedListeners keeps its status shape (no attachedListenerSets)', () => {
    expect(compile([infra()]).status('Gateway', 'infra', 'gw')).not.toHaveProperty('attachedListenerSets');
  });
});

describe('conflicts and precedence (ListenerSetHostnameConflict, ListenerSetProtocolConflict)', () => {
  const gw = () => allowingListenerSets(
    infra([
      { name: 'gateway-listener', port: 80, hostname: 'gateway-listener.com' },
      { name: 'taken', port: 80, hostname: 'taken-by-gateway.com' },
    ]),
    { from: 'Same' },
  );
  const hostConflicted = { Accepted: 'False/HostnameConflict', Programmed: 'False/HostnameConflict', Conflicted: 'True/HostnameConflict' };
  const protoConflicted = { Accepted: 'False/ProtocolConflict', Programmed: 'False/ProtocolConflict', Conflicted: 'True/ProtocolConflict' };

  it('the Gateway wins over its ListenerSets, the older ListenerSet over the newer; a set with no valid listener is ListenersNotValid', () => {
    const objects = [
      gw(),
      listenerSet('infra', 'with-gateway-1', { gateway: 'gw' }, [
        { name: 'own-1', port: 80, hostname: 'set-1.com' },
        { name: 'taken', port: 80, hostname: 'taken-by-gateway.com' },
        { name: 'first-here', port: 80, hostname: 'shared-by-sets.com' },
      ], '2025-06-01T00:00:01Z'),
      listenerSet('infra', 'with-gateway-2', { gateway: 'gw' }, [{ name: 'taken', port: 80, hostname: 'taken-by-gateway.com' }], '2025-06-01T00:00:02Z'),
      listenerSet('infra', 'with-set-1', { gateway: 'gw' }, [
        { name: 'own-2', port: 80, hostname: 'set-2.com' },
        { name: 'second-here', port: 80, hostname: 'shared-by-sets.com' },
      ], '2025-06-01T00:00:03Z'),
      // Older than with-set-1 by creation time although its name sorts after: creation time decides first.
      listenerSet('infra', 'z-oldest', { gateway: 'gw' }, [{ name: 'z', port: 80, hostname: 'z.com' }], '2025-06-01T00:00:00Z'),
    ];
    const c = compile(objects);
    const gwStatus = c.status('Gateway', 'infra', 'gw');
    expect(summary(entry(gwStatus, 'taken')?.conditions)).toMatchObject({ Accepted: 'True/Accepted', Programmed: 'True/Programmed' });
    expect(gwStatus?.attachedListenerSets).toBe(3);

    const one = c.status('ListenerSet', 'infra', 'with-gateway-1');
    expect(summary(one?.conditions)).toMatchObject({ Accepted: 'True/ListenersNotValid', Programmed: 'True/Programmed' });
    expect(summary(entry(one, 'own-1')?.conditions)).toMatchObject({ Accepted: 'True/Accepted', Programmed: 'True/Programmed' });
    expect(summary(entry(one, 'taken')?.conditions)).toMatchObject(hostConflicted);
    expect(summary(entry(one, 'first-here')?.conditions)).toMatchObject({ Accepted: 'True/Accepted', Programmed: 'True/Programmed' });

    expect(summary(c.status('ListenerSet', 'infra', 'with-gateway-2')?.conditions)).toEqual({ Accepted: 'False/ListenersNotValid', Programmed: 'False/ListenersNotValid' });
    expect(summary(entry(c.status('ListenerSet', 'infra', 'with-set-1'), 'second-here')?.conditions)).toMatchObject(hostConflicted);
    expect(c.table.ports['80']?.exactHosts['shared-by-sets.com']?.listenerSet).toEqual({ namespace: 'infra', name: 'with-gateway-1' });
    expect(c.table.ports['80']?.exactHosts['taken-by-gateway.com']?.listenerSet).toBeUndefined();
  });

  it('a TCP listener on a port served over HTTP is a ProtocolConflict (not only UnsupportedProtocol)', () => {
    const c = compile([
      gw(),
      listenerSet('infra', 'tcp-only', { gateway: 'gw' }, [{ name: 'tcp', port: 80, protocol: 'TCP' }]),
      listenerSet('infra', 'mixed', { gateway: 'gw' }, [{ name: 'ok', port: 80, hostname: 'mixed.com' }, { name: 'tcp', port: 80, protocol: 'TCP' }]),
    ]);
    expect(summary(entry(c.status('ListenerSet', 'infra', 'tcp-only'), 'tcp')?.conditions)).toMatchObject(protoConflicted);
    expect(summary(c.status('ListenerSet', 'infra', 'tcp-only')?.conditions)).toEqual({ Accepted: 'False/ListenersNotValid', Programmed: 'False/ListenersNotValid' });
    expect(summary(c.status('ListenerSet', 'infra', 'mixed')?.conditions)).toMatchObject({ Accepted: 'True/ListenersNotValid', Programmed: 'True/Programmed' });
    expect(c.status('Gateway', 'infra', 'gw')?.attachedListenerSets).toBe(1);
  });
});

describe('listener checks (ListenerSetAllowedRoutesSupportedKinds, ListenerSetReferenceGrant)', () => {
  it('a TLS listener allowing only HTTPRoute: ResolvedRefs=False InvalidRouteKinds, no supported kinds', () => {
    const ls: KubeObject = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ListenerSet',
      metadata: { namespace: 'infra', name: 'kinds', generation: 1, creationTimestamp: '2025-06-01T00:00:00Z' },
      spec: {
        parentRef: { name: 'gw' },
        listeners: [{ name: 'tls-only', port: 443, protocol: 'TLS', hostname: 'k.com', tls: { mode: 'Passthrough' }, allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ kind: 'HTTPRoute' }] } }],
      },
    };
    const c = compile([allowingListenerSets(infra(), { from: 'All' }), ls]);
    const e = entry(c.status('ListenerSet', 'infra', 'kinds'), 'tls-only');
    expect(summary(e?.conditions)).toMatchObject({ ResolvedRefs: 'False/InvalidRouteKinds' });
    expect(e?.supportedKinds).toEqual([]);
  });

  it('certificateRefs across namespaces need a ReferenceGrant from ListenerSet; the Gateway’s grant is not inherited', () => {
    const httpsSet = (ns: string, name: string, host: string): KubeObject => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ListenerSet',
      metadata: { namespace: ns, name, generation: 1, creationTimestamp: '2025-06-01T00:00:00Z' },
      spec: {
        parentRef: { name: 'gw', namespace: 'infra' },
        listeners: [{ name: `${name}-l`, port: 443, protocol: 'HTTPS', hostname: host, tls: { mode: 'Terminate', certificateRefs: [{ name: 'certificate', namespace: 'web' }] }, allowedRoutes: { namespaces: { from: 'All' } } }],
      },
    });
    const grant = (kind: string, namespace: string): KubeObject => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ReferenceGrant',
      metadata: { namespace: 'web', name: `for-${kind.toLowerCase()}-${namespace}` },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind, namespace }], to: [{ group: '', kind: 'Secret' }] },
    });
    const c = compile([
      allowingListenerSets(infra(), { from: 'All' }),
      secret('web', 'certificate', { 'tls.crt': CERT, 'tls.key': KEY }),
      grant('Gateway', 'infra'),
      grant('Gateway', 'other'), // a grant to Gateways in the ListenerSet's namespace does not cover ListenerSets
      grant('ListenerSet', 'infra'),
      httpsSet('infra', 'granted', 'granted.com'),
      httpsSet('other', 'not-granted', 'not-granted.com'),
    ]);
    expect(summary(entry(c.status('ListenerSet', 'infra', 'granted'), 'granted-l')?.conditions)).toMatchObject({ ResolvedRefs: 'True/ResolvedRefs', Programmed: 'True/Programmed' });
    expect(summary(c.status('ListenerSet', 'infra', 'granted')?.conditions)).toEqual({ Accepted: 'True/Accepted', Programmed: 'True/Programmed' });
    expect(summary(entry(c.status('ListenerSet', 'other', 'not-granted'), 'not-granted-l')?.conditions)).toMatchObject({ ResolvedRefs: 'False/RefNotPermitted' });
    expect(summary(c.status('ListenerSet', 'other', 'not-granted')?.conditions)).toEqual({ Accepted: 'False/ListenersNotValid', Programmed: 'False/ListenersNotValid' });
    expect(c.table.ports['443']?.protocol).toBe('HTTPS');
    expect(c.table.ports['443']?.exactHosts['granted.com']?.tls?.certificates[0]?.secret).toEqual({ namespace: 'web', name: 'certificate' });
  });
});

describe('route attachment (ListenerSetRouteStatusScopedToParentRef, GatewayParentSectionNameNotFound)', () => {
  const objects = (): KubeObject[] => [
    allowingListenerSets(infra([{ name: 'gw-l', port: 80, hostname: 'gw.com', from: 'Same' }]), { from: 'Same' }),
    listenerSet('infra', 'set', { gateway: 'gw' }, [{ name: 'set-l', port: 80, hostname: 'set.com', from: 'Same' }]),
    route('infra', 'gw-only', { parents: [{ name: 'gw' }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/gwonly' } }], backend: 'app', port: 8080 }] }),
    route('infra', 'set-only', { parents: [{ kind: 'ListenerSet', name: 'set' }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/lsonly' } }], backend: 'app', port: 8080 }] }),
    route('infra', 'via-gateway', { parents: [{ name: 'gw', sectionName: 'set-l' }], rules: [{ backend: 'app', port: 8080 }] }),
    ...service('infra', 'app', ['10.0.0.1'], { port: 8080 }),
  ];

  it('each parentRef gets its own status entry; a Gateway parentRef never reaches ListenerSet listeners', () => {
    const c = compile(objects());
    const parents = (name: string) => (c.status('HTTPRoute', 'infra', name)?.parents ?? []) as Array<{ parentRef: Record<string, unknown>; conditions: Condition[] }>;
    expect(parents('gw-only').map((p) => [p.parentRef.kind, summary(p.conditions).Accepted])).toEqual([['Gateway', 'True/Accepted']]);
    expect(parents('set-only').map((p) => [p.parentRef.kind, p.parentRef.name, summary(p.conditions).Accepted])).toEqual([['ListenerSet', 'set', 'True/Accepted']]);
    expect(parents('via-gateway').map((p) => summary(p.conditions).Accepted)).toEqual(['False/NoMatchingParent']);
    expect(entry(c.status('ListenerSet', 'infra', 'set'), 'set-l')).toMatchObject({ attachedRoutes: 1, supportedKinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }] });
    expect(entry(c.status('Gateway', 'infra', 'gw'), 'gw-l')?.attachedRoutes).toBe(1);

    const get = (host: string, path: string) => matchRequest(c.table, { port: 80, host, path, method: 'GET', headers: {} });
    expect(get('set.com', '/lsonly').route).toEqual({ namespace: 'infra', name: 'set-only' });
    expect(get('set.com', '/gwonly').outcome).toBe('not_found');
    expect(get('gw.com', '/lsonly').outcome).toBe('not_found');
  });

  it('a ListenerSet of a missing Gateway is ParentNotAccepted; a parentRef that is not a Gateway is Invalid', () => {
    const orphan = listenerSet('infra', 'orphan', { gateway: 'nope' }, [{ name: 'l', port: 80 }]);
    const wrongKind = { ...orphan, metadata: { ...orphan.metadata, name: 'wrong' }, spec: { ...(orphan.spec as object), parentRef: { group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'x' } } };
    const c = compile([orphan, wrongKind]);
    expect(summary(c.status('ListenerSet', 'infra', 'orphan')?.conditions)).toEqual({ Accepted: 'False/ParentNotAccepted', Programmed: 'False/ParentNotAccepted' });
    expect(summary(c.status('ListenerSet', 'infra', 'wrong')?.conditions)).toEqual({ Accepted: 'False/Invalid', Programmed: 'False/Invalid' });
  });

  it('a ListenerSet of another controller’s Gateway gets no status from us', () => {
    const cls: KubeObject = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'gatehouse' }, spec: { controllerName: 'example.com/other' } };
    const c = compile([cls, ...objects()]);
    expect(c.status('ListenerSet', 'infra', 'set')).toBeUndefined();
    expect(c.status('HTTPRoute', 'infra', 'set-only')).toBeUndefined();
  });
});

describe('GatewayClass supportedFeatures', () => {
  it('names ListenerSet (pkg/features SupportListenerSet)', () => {
    const cls: KubeObject = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'gatehouse' }, spec: { controllerName: OPTS.controllerName } };
    const features = (compile([cls]).status('GatewayClass', '', 'gatehouse')?.supportedFeatures ?? []) as Array<{ name: string }>;
    expect(features.map((f) => f.name)).toContain('ListenerSet');
  });
});

describe('malformed ListenerSets (objects the API would refuse) become statuses, never exceptions', () => {
  it('survives a missing spec, a parentRef without name and listeners that are not a list', () => {
    const odd = (name: string, spec: unknown): KubeObject => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'ListenerSet', metadata: { namespace: 'infra', name }, ...(spec === undefined ? {} : { spec }) } as KubeObject);
    const objects = [allowingListenerSets(infra(), { from: 'All' }), odd('no-spec', undefined), odd('no-name', { parentRef: {}, listeners: 'x' }), odd('bad-listeners', { parentRef: { name: 'gw' }, listeners: [null, 7, { port: 'x' }] })];
    const c = compile(objects);
    expect(summary(c.status('ListenerSet', 'infra', 'no-spec')?.conditions)).toEqual({ Accepted: 'False/ParentNotAccepted', Programmed: 'False/ParentNotAccepted' });
    expect(summary(c.status('ListenerSet', 'infra', 'bad-listeners')?.conditions)).toEqual({ Accepted: 'False/ListenersNotValid', Programmed: 'False/ListenersNotValid' });
    expect(Object.keys(c.table.ports)).toEqual(['80']);
  });
});
