import { beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { createContextInner } from '../src/server/trpc/init';
import { createCaller } from '../src/server/trpc/root';
import { ADMIN_TOKEN, createHarness, type Harness } from './support/console-harness';

// 25 ConfigMaps over two namespaces, created in an order unlike name order, so every sort gives a different list.
const NAMESPACES = ['ls-b', 'ls-a'] as const;
const OBJECTS = Array.from({ length: 25 }, (_, i) => {
  const n = (i * 11) % 25; // a permutation of 0..24
  return {
    namespace: NAMESPACES[i % 2]!,
    name: `cm-${String(n).padStart(2, '0')}${n % 5 === 0 ? '-edge' : ''}`,
    labels: { tier: n % 3 === 0 ? 'front' : 'back', ...(n % 4 === 0 ? { team: 'core' } : {}) },
  };
});
const key = (o: { namespace: string; name: string }) => `${o.namespace}/${o.name}`;
const byName = [...OBJECTS].sort((a, b) => (a.namespace === b.namespace ? (a.name < b.name ? -1 : 1) : a.namespace < b.namespace ? -1 : 1)).map(key);

interface Item { metadata: { namespace: string; name: string } }

forEachDatabase((t) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(t.db);
    for (const ns of NAMESPACES) {
      expect((await h.call('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } })).status).toBe(201);
    }
    for (const o of OBJECTS) {
      const r = await h.call('POST', `/api/v1/namespaces/${o.namespace}/configmaps`, {
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: o.name, namespace: o.namespace, labels: o.labels }, data: { k: 'v' } },
      });
      expect(r.status, o.name).toBe(201);
      // Distinct creation times, so `created` has one right answer to compare with.
      await new Promise((res) => setTimeout(res, 3));
    }
  });

  /** Pages through a list with limit 7, following metadata.continue; returns the keys in order and the page sizes. */
  async function pageThrough(query: string): Promise<{ keys: string[]; sizes: number[] }> {
    const keys: string[] = [];
    const sizes: number[] = [];
    let cont: string | undefined;
    for (let i = 0; i < 20; i++) {
      const r = await h.call('GET', `/api/v1/configmaps?limit=7&${query}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
      expect(r.status, r.text).toBe(200);
      const items = (r.json.items as Item[]).filter((x) => x.metadata.namespace.startsWith('ls-'));
      keys.push(...items.map((x) => key(x.metadata)));
      sizes.push(r.json.items.length);
      cont = r.json.metadata.continue;
      if (!cont) return { keys, sizes };
    }
    throw new Error('paging did not end');
  }

  describe('sorting', () => {
    it('pages every sort order through 25 objects with limit 7, without gaps or repeats', async () => {
      const expected: Record<string, string[]> = {
        name: byName,
        '-name': [...byName].reverse(),
        created: OBJECTS.map(key),
        '-created': OBJECTS.map(key).reverse(),
      };
      for (const [sort, want] of Object.entries(expected)) {
        const { keys, sizes } = await pageThrough(`sort=${encodeURIComponent(sort)}`);
        expect(keys, `sort=${sort}`).toEqual(want);
        expect(sizes, `sort=${sort}`).toEqual([7, 7, 7, 4]);
      }
      // Default is name, and a namespaced list pages the same way.
      expect((await pageThrough('')).keys).toEqual(byName);
      const r = await h.call('GET', '/api/v1/namespaces/ls-b/configmaps?sort=-name&limit=50');
      expect((r.json.items as Item[]).map((x) => key(x.metadata))).toEqual(byName.filter((k) => k.startsWith('ls-b/')).reverse());
    });

    it('keeps the original continue token format for sort=name and refuses a token replayed with another sort', async () => {
      const first = await h.call('GET', '/api/v1/configmaps?limit=3');
      const token = first.json.metadata.continue as string;
      expect(JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))).toEqual({ ns: 'ls-a', n: byName[2]!.split('/')[1] });
      const legacy = Buffer.from(JSON.stringify({ ns: 'ls-a', n: byName[2]!.split('/')[1] })).toString('base64url');
      const next = await h.call('GET', `/api/v1/configmaps?limit=2&sort=name&continue=${legacy}`);
      expect((next.json.items as Item[]).map((x) => key(x.metadata))).toEqual(byName.slice(3, 5));
      const replay = await h.call('GET', `/api/v1/configmaps?limit=2&sort=-created&continue=${legacy}`);
      expect(replay.status).toBe(400);
      expect(replay.json.details).toEqual([expect.objectContaining({ path: 'continue' })]);
    });
  });

  describe('filtering', () => {
    it('q matches a case-insensitive substring of the name, and pages', async () => {
      const want = byName.filter((k) => k.includes('edge'));
      expect(want).toHaveLength(5);
      expect((await pageThrough('q=EDGE')).keys).toEqual(want);
      const { keys, sizes } = await pageThrough('q=cm-1&sort=-created');
      expect(keys).toEqual(OBJECTS.map(key).reverse().filter((k) => k.split('/')[1]!.startsWith('cm-1')));
      expect(sizes).toEqual([7, 3]);
      // A LIKE wildcard in q is a literal character, not "any one character".
      expect((await pageThrough('q=cm_1')).keys).toEqual([]);
    });

    it('labelSelector filters with =, !=, exists and !exists, and paging stays gap-free', async () => {
      const pick = (f: (o: (typeof OBJECTS)[number]) => boolean) => byName.filter((k) => OBJECTS.some((o) => key(o) === k && f(o)));
      const back = pick((o) => o.labels.tier === 'back');
      expect(back.length).toBeGreaterThan(7);
      const paged = await pageThrough('labelSelector=tier%3Dback');
      expect(paged.keys).toEqual(back);
      expect(paged.sizes.slice(0, -1).every((s) => s === 7)).toBe(true);
      expect((await pageThrough('labelSelector=tier!%3Dback,team')).keys).toEqual(pick((o) => o.labels.tier !== 'back' && 'team' in o.labels));
      expect((await pageThrough('labelSelector=!team&q=edge&sort=-name')).keys).toEqual(pick((o) => !('team' in o.labels) && o.name.includes('edge')).reverse());
    });

    it('answers 400 naming the field for a bad sort, q or labelSelector', async () => {
      for (const [query, field] of [
        ['sort=size', 'sort'],
        ['labelSelector=tier%3D%3D%3Dx', 'labelSelector'],
        ['labelSelector=env%20in%20(a)', 'labelSelector'],
        [`q=${'x'.repeat(300)}`, 'q'],
      ] as const) {
        const r = await h.call('GET', `/api/v1/configmaps?${query}`);
        expect(r.status, query).toBe(400);
        expect(r.json.code).toBe('invalid');
        expect(r.json.details.map((d: { path: string }) => d.path), query).toContain(field);
      }
    });

    it('tRPC resources.list takes the same sort and filters (the console lists)', async () => {
      const admin = createCaller(await createContextInner(h.rt, { headers: new Headers({ authorization: `Bearer ${ADMIN_TOKEN}` }) }));
      const first = await admin.resources.list({ plural: 'configmaps', namespace: 'ls-a', limit: 2, sort: '-created', labelSelector: 'tier=back' });
      const want = OBJECTS.filter((o) => o.namespace === 'ls-a' && o.labels.tier === 'back').map(key).reverse();
      expect(first.items.map((x) => key(x.metadata as Item['metadata']))).toEqual(want.slice(0, 2));
      const second = await admin.resources.list({ plural: 'configmaps', namespace: 'ls-a', limit: 2, sort: '-created', labelSelector: 'tier=back', continue: first.continue! });
      expect(second.items.map((x) => key(x.metadata as Item['metadata']))).toEqual(want.slice(2, 4));
      await expect(admin.resources.list({ plural: 'configmaps', labelSelector: 'a=b=c' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });
  });
});
