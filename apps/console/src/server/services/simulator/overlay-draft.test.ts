import { describe, expect, it } from 'vitest';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { parseObject } from '@gatehouse/domain/registry/parse-object';
import { overlayDraft, parseDraft } from './overlay-draft';

const stored = parseObject({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute',
  metadata: { name: 'r', namespace: 'ns', uid: 'u-1', creationTimestamp: '2026-01-01T00:00:00Z', generation: 3 },
  spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'a', port: 80 }] }] },
});

describe('parseDraft', () => {
  it('reads several YAML documents, giving objects without a namespace the default one', () => {
    const objs = parseDraft('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: other}\n', 'ns');
    expect(objs.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['Service ns/s', 'ConfigMap other/c']);
  });

  it('reports every problem with draft[i] paths, and duplicates', () => {
    let err: unknown;
    try {
      parseDraft([
        'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 1}]}',
        'apiVersion: v1\nkind: Nope\nmetadata: {name: n}',
        'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 2}]}',
        'apiVersion: v1\nkind: Service\nmetadata: {name: t}\nspec: {ports: [{port: 0}]}',
      ].join('\n---\n'), 'ns');
    } catch (e) {
      err = e;
    }
    expect(isDomainError(err)).toBe(true);
    const paths = isDomainError(err) ? err.details.map((d) => d.path) : [];
    expect(paths).toEqual(['draft[1].kind', 'draft[2].metadata.name', 'draft[3].spec.ports[0].port']);
  });

  it('turns YAML syntax errors into a DomainError with the line', () => {
    expect(() => parseDraft('a: [b', 'ns')).toThrow(/line 1/);
  });
});

describe('overlayDraft', () => {
  it('replaces a stored object keeping its identity and age; adds new ones as the newest', () => {
    const changed = parseObject({ ...stored, metadata: { name: 'r', namespace: 'ns' }, spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'b', port: 80 }] }] } });
    const added = parseObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'b', namespace: 'ns' }, spec: { ports: [{ port: 80 }] } });
    const { snapshot, changes } = overlayDraft({ revision: 4, objects: [stored] }, [changed, added], '2026-11-26T10:00:00Z');
    expect(changes).toEqual([
      { kind: 'HTTPRoute', namespace: 'ns', name: 'r', change: 'replaced' },
      { kind: 'Service', namespace: 'ns', name: 'b', change: 'added' },
    ]);
    expect(snapshot.revision).toBe(4);
    expect(snapshot.objects[0]?.metadata).toMatchObject({ uid: 'u-1', creationTimestamp: '2026-01-01T00:00:00Z', generation: 4 });
    expect((snapshot.objects[0]?.spec as { rules: { backendRefs: { name: string }[] }[] }).rules[0]?.backendRefs[0]?.name).toBe('b');
    expect(snapshot.objects[1]?.metadata.creationTimestamp).toBe('2026-11-26T10:00:00Z');
    // The base snapshot is not touched.
    expect((stored.spec as { rules: { backendRefs: { name: string }[] }[] }).rules[0]?.backendRefs[0]?.name).toBe('a');
  });
});
