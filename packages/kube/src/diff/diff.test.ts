import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { projectOnto } from './project';
import { objectDiff, sameObject } from './unified-diff';

const route = (hostnames: string[], extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'ns', ...extra },
  spec: { hostnames, parentRefs: [{ name: 'gw' }] },
});

describe('projectOnto', () => {
  it('hides what the server and other controllers add, keeps what was changed or removed', () => {
    const desired = route(['a.example.com']);
    const live = { ...route(['a.example.com'], { uid: 'u', managedFields: [] }), status: { parents: [] } } as KubeObject;
    (live.spec as { parentRefs: Record<string, unknown>[] }).parentRefs[0]!.group = 'gateway.networking.k8s.io';
    expect(projectOnto(live, desired)).toEqual(desired);
    const changed = route(['b.example.com']);
    expect(projectOnto(changed, desired)).toEqual(changed);
    const removed = { ...desired, spec: { parentRefs: [{ name: 'gw' }] } };
    expect(projectOnto(removed, desired)).toEqual(removed);
  });
  it('keeps a list of another length whole, so an added item shows', () => {
    expect(projectOnto([{ a: 1, b: 2 }, { a: 3 }], [{ a: 1 }])).toEqual([{ a: 1, b: 2 }, { a: 3 }]);
  });
});

describe('objectDiff', () => {
  it('is empty for objects that differ only in server-owned metadata and status', () => {
    const a = route(['x']);
    const b = { ...route(['x'], { resourceVersion: '7', uid: 'u', generation: 2, managedFields: [{}] }), status: { parents: [] } } as KubeObject;
    expect(objectDiff(a, b, 'r')).toBe('');
    expect(sameObject(a, b)).toBe(true);
  });
  it('shows a changed field as a unified diff of sorted YAML', () => {
    const d = objectDiff(route(['x.example.com']), route(['y.example.com']), 'HTTPRoute ns/r');
    expect(d).toContain('--- HTTPRoute ns/r (cluster)');
    expect(d).toContain('+++ HTTPRoute ns/r (after push)');
    expect(d).toMatch(/^-\s+- x\.example\.com$/m);
    expect(d).toMatch(/^\+\s+- y\.example\.com$/m);
  });
  it('a create diffs from /dev/null, a delete to /dev/null', () => {
    expect(objectDiff(undefined, route(['x']), 'r')).toMatch(/^--- \/dev\/null/m);
    expect(objectDiff(route(['x']), undefined, 'r')).toMatch(/^\+\+\+ \/dev\/null/m);
  });
  it('never shows Secret values, only whether each changed', () => {
    const secret = (v: string): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { 'ca.crt': v, same: 'c2FtZQ==' } });
    const d = objectDiff(secret('b2xk'), secret('bmV3'), 'Secret s');
    expect(d).not.toContain('b2xk');
    expect(d).not.toContain('bmV3');
    expect(d).not.toContain('c2FtZQ==');
    expect(d).toMatch(/^\+\s+ca\.crt: "\*\*\* \(hidden, changed\)"$/m);
    expect(d).not.toMatch(/^[+-]\s+same:/m);
    expect(objectDiff(secret('b2xk'), secret('b2xk'), 'Secret s')).toBe('');
  });
  it('leaves the applied-hash annotation out (it changes with every change)', () => {
    const a = route(['x'], { annotations: { 'gatehouse.dev/applied-hash': '1' } });
    const b = route(['x'], { annotations: { 'gatehouse.dev/applied-hash': '2' } });
    expect(objectDiff(a, b, 'r')).toBe('');
  });
});
