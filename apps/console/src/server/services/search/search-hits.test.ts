import { describe, expect, it } from 'vitest';
import { nameRank, parseSearchTerms, rankSearchHits, type SearchHit } from './search-hits';

const hit = (kind: SearchHit['kind'], name: string, namespace?: string): SearchHit => ({ kind, group: '', name, ...(namespace ? { namespace } : {}) });

describe('parseSearchTerms', () => {
  it('lower-cases, trims and splits namespace/name', () => {
    expect(parseSearchTerms('  Foo ')).toEqual({ name: 'foo' });
    expect(parseSearchTerms('httpbin/Route')).toEqual({ namespace: 'httpbin', name: 'route' });
    expect(parseSearchTerms('httpbin/')).toEqual({ namespace: 'httpbin', name: '' });
  });
});

describe('nameRank', () => {
  it('is exact, prefix, word start, anywhere, or no match', () => {
    expect(nameRank('httpbin', 'httpbin')).toBe(0);
    expect(nameRank('http-route-foo', 'http')).toBe(1);
    expect(nameRank('http-route-foo', 'route')).toBe(2);
    expect(nameRank('api.staging', 'stag')).toBe(2);
    expect(nameRank('E2E root CA', 'root')).toBe(2);
    expect(nameRank('httpbin', 'bin')).toBe(3);
    expect(nameRank('httpbin', 'xyz')).toBeUndefined();
  });

  it('finds a word start after an earlier mid-word occurrence', () => {
    expect(nameRank('abfoo-foo', 'foo')).toBe(2);
  });
});

describe('rankSearchHits', () => {
  it('puts exact, then prefix, then word starts, then the rest; shorter names and kind order break ties', () => {
    const hits = [
      hit('Secret', 'my-route-cert', 'a'),
      hit('HTTPRoute', 'routes-extra', 'a'),
      hit('HTTPRoute', 'route', 'b'),
      hit('Service', 'route', 'a'),
      hit('Gateway', 'subroute', 'a'),
      hit('Cluster', 'route-prod'),
    ];
    expect(rankSearchHits(hits, parseSearchTerms('route'), 10).items.map((h) => `${h.kind} ${h.name}`)).toEqual([
      'HTTPRoute route', 'Service route', 'Cluster route-prod', 'HTTPRoute routes-extra', 'Secret my-route-cert', 'Gateway subroute',
    ]);
  });

  it('drops what the terms do not match (a LIKE wildcard) and duplicates, and says when it cut the list', () => {
    const hits = [hit('Service', 'a-b', 'x'), hit('Service', 'a_b', 'x'), hit('Service', 'a_b', 'x'), hit('ConfigMap', 'a_bc', 'x')];
    const r = rankSearchHits(hits, parseSearchTerms('a_b'), 1);
    expect(r.items).toEqual([hit('Service', 'a_b', 'x')]);
    expect(r.truncated).toBe(true);
  });

  it('filters by namespace prefix when the query names one', () => {
    const hits = [hit('HTTPRoute', 'foo', 'httpbin'), hit('HTTPRoute', 'foo', 'staging'), hit('Certificate', 'foo')];
    expect(rankSearchHits(hits, parseSearchTerms('http/fo'), 10).items).toEqual([hit('HTTPRoute', 'foo', 'httpbin')]);
  });
});
