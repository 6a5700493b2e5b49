import { describe, expect, it } from 'vitest';
import { objectItems, paletteCommands, rankPalette } from './palette-items';

const admin = { canWrite: true, canManage: true, localPassword: true };
const viewer = { canWrite: false, canManage: false, localPassword: true };

describe('paletteCommands', () => {
  it('lists every sidebar page and tool, then the actions, keeping the namespace on namespaced pages', () => {
    const items = paletteCommands({ ...admin, namespace: 'httpbin' });
    const labels = items.map((i) => i.label);
    for (const l of ['Dashboard', 'Gateways', 'Routes', 'Services', 'TLS Policies', 'Certificates', 'Secrets', 'Clusters', 'Audit Log', 'Settings', 'Topology', 'Request simulator', 'TLS probe']) {
      expect(labels).toContain(l);
    }
    expect(items.filter((i) => i.type === 'action').map((i) => i.label)).toEqual([
      'New gateway', 'New route', 'New certificate (wizard)', 'Register a cluster', 'Change my password', 'Toggle theme', 'Sign out',
    ]);
    const href = (label: string) => items.find((i) => i.label === label)?.href;
    expect(href('Routes')).toBe('/routes?namespace=httpbin');
    expect(href('Request simulator')).toBe('/simulator?namespace=httpbin');
    expect(href('Certificates')).toBe('/certificates');
    expect(href('New gateway')).toBe('/resources/gateways/new?namespace=httpbin');
    expect(items.find((i) => i.label === 'TLS probe')?.detail).toBe('Tools');
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });

  it('offers a viewer no action its role cannot take', () => {
    expect(paletteCommands(viewer).filter((i) => i.type === 'action').map((i) => i.label)).toEqual(['Change my password', 'Toggle theme', 'Sign out']);
    expect(paletteCommands({ ...viewer, localPassword: false }).map((i) => i.label)).not.toContain('Change my password');
  });
});

describe('objectItems', () => {
  it('links objects, certificates and clusters to their pages, with kind and namespace', () => {
    const items = objectItems([
      { kind: 'HTTPRoute', group: 'gateway.networking.k8s.io', namespace: 'httpbin', name: 'http-route-foo' },
      { kind: 'Certificate', group: '', name: 'E2E root CA', id: 'abc', detail: 'CA' },
      { kind: 'Cluster', group: '', name: 'prod' },
      { kind: 'ConfigMap', group: '', namespace: 'a b', name: 'ca' },
    ]);
    expect(items.map((i) => [i.tag, i.label, i.detail, i.href])).toEqual([
      ['HTTPRoute', 'http-route-foo', 'namespace httpbin', '/resources/httproutes/httpbin/http-route-foo'],
      ['Certificate', 'E2E root CA', 'CA', '/certificates/abc'],
      ['Cluster', 'prod', undefined, '/clusters/prod'],
      ['ConfigMap', 'ca', 'namespace a b', '/resources/configmaps/a%20b/ca'],
    ]);
  });
});

describe('rankPalette', () => {
  const commands = paletteCommands(admin);
  const objects = objectItems([
    { kind: 'Gateway', group: 'gateway.networking.k8s.io', namespace: 'httpbin', name: 'simple-fsm-gateway' },
    { kind: 'HTTPRoute', group: 'gateway.networking.k8s.io', namespace: 'httpbin', name: 'http-route-foo' },
  ]);
  const top = (q: string, n = 3) => rankPalette(q, commands, objects).slice(0, n).map((r) => r.item.label);

  it('shows pages and actions in order when nothing is typed', () => {
    expect(rankPalette('', commands, objects).map((r) => r.item.label)).toEqual(commands.map((c) => c.label));
  });

  it('ranks pages, actions and objects together, best match first', () => {
    expect(top('gate')).toEqual(['Gateways', 'Gateway classes', 'New gateway']);
    expect(top('req sim', 1)).toEqual(['Request simulator']);
    expect(top('http-route', 1)).toEqual(['http-route-foo']);
    expect(top('httpbin/http', 1)).toEqual(['http-route-foo']);
    expect(top('theme', 1)).toEqual(['Toggle theme']);
    expect(top('password', 2)).toEqual(['Change my password', 'Your account']);
  });
});
