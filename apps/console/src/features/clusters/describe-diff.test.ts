import { describe, expect, it } from 'vitest';
import { ELIDED, unifiedDiffSides } from './describe-diff';

describe('a unified diff split into its two sides', () => {
  it('rebuilds before and after from a hunk, marking lines the diff leaves out', () => {
    const diff = '--- HTTPRoute ns/r (cluster)\n+++ HTTPRoute ns/r (after push)\n@@ -14,6 +14,8 @@\n   namespace: ns\n spec:\n   hostnames:\n-    - x\n+    - y\n   parentRefs:\n     - name: gw\n+  rules:\n+    - a: 1\n';
    const s = unifiedDiffSides(diff);
    expect(s.beforeLabel).toBe('cluster');
    expect(s.afterLabel).toBe('after push');
    expect(s.before).toBe(`${ELIDED}\n  namespace: ns\nspec:\n  hostnames:\n    - x\n  parentRefs:\n    - name: gw\n`);
    expect(s.after).toBe(`${ELIDED}\n  namespace: ns\nspec:\n  hostnames:\n    - y\n  parentRefs:\n    - name: gw\n  rules:\n    - a: 1\n`);
  });

  it('a create has nothing before, a delete nothing after', () => {
    const create = unifiedDiffSides('--- /dev/null\n+++ Secret ns/s (after push)\n@@ -0,0 +1,2 @@\n+apiVersion: v1\n+kind: Secret\n');
    expect(create).toEqual({ before: '', after: 'apiVersion: v1\nkind: Secret\n', beforeLabel: 'nothing (the object does not exist)', afterLabel: 'after push' });
    const gone = unifiedDiffSides('--- Secret ns/s (pushed)\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-apiVersion: v1\n-kind: Secret\n', { missingAfter: 'gone from the cluster' });
    expect(gone).toEqual({ before: 'apiVersion: v1\nkind: Secret\n', after: '', beforeLabel: 'pushed', afterLabel: 'gone from the cluster' });
  });

  it('separates hunks and ignores "no newline" markers; an empty diff is empty', () => {
    const s = unifiedDiffSides('--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n+B\n@@ -20,2 +20,2 @@\n t\n-u\n+U\n\\ No newline at end of file\n');
    expect(s.before).toBe(`a\nb\n${ELIDED}\nt\nu\n`);
    expect(s.after).toBe(`a\nB\n${ELIDED}\nt\nU\n`);
    expect(s.beforeLabel).toBe('a');
    expect(unifiedDiffSides('')).toMatchObject({ before: '', after: '' });
  });
});
