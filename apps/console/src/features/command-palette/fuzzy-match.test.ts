import { describe, expect, it } from 'vitest';
import { fuzzyMatch, isWordStart, normalizeQuery, rankByMatch } from './fuzzy-match';

const tier = (q: string, text: string) => fuzzyMatch(q, text)?.tier ?? null;
const rank = (q: string, labels: string[]) => rankByMatch(q, labels, (l) => [l]).map((r) => r.item);

describe('fuzzyMatch tiers', () => {
  it('tells exact, prefix, word start, word prefixes, anywhere and subsequence apart', () => {
    expect(tier('gateways', 'Gateways')).toBe('exact');
    expect(tier('gate', 'Gateways')).toBe('prefix');
    expect(tier('gate', 'New gateway')).toBe('wordPrefix');
    expect(tier('route', 'HTTPRoute')).toBe('wordPrefix');
    expect(tier('new rou', 'New route')).toBe('prefix');
    expect(tier('rs', 'Request simulator')).toBe('words');
    expect(tier('req sim', 'Request simulator')).toBe('words');
    expect(tier('newg', 'New gateway')).toBe('words');
    expect(tier('tlspol', 'TLS Policies')).toBe('words');
    expect(tier('hrf', 'http-route-foo')).toBe('words');
    expect(tier('teway', 'Gateways')).toBe('substring');
    expect(tier('gtwy', 'Gateways')).toBe('subsequence');
    expect(tier('xyz', 'Gateways')).toBeNull();
    expect(tier('sim req', 'Request simulator')).toBeNull();
  });

  it('is case-insensitive and ignores extra spaces', () => {
    expect(normalizeQuery('  New   GATE ')).toBe('new gate');
    expect(tier('  AUDIT   log ', 'Audit Log')).toBe('exact');
  });

  it('returns the matched characters for highlighting', () => {
    expect(fuzzyMatch('gate', 'New gateway')?.indices).toEqual([4, 5, 6, 7]);
    expect(fuzzyMatch('rs', 'Request simulator')?.indices).toEqual([0, 8]);
    expect(fuzzyMatch('new rou', 'New route')?.indices).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(fuzzyMatch('hrf', 'http-route-foo')?.indices).toEqual([0, 5, 11]);
    expect(fuzzyMatch('gtwy', 'Gateways')?.indices).toEqual([0, 2, 4, 6]);
  });

  it('scores every match of a better tier above any match of a worse one', () => {
    const prefixOfLong = fuzzyMatch('a', `a${'x'.repeat(200)}`);
    const exact = fuzzyMatch('ab', 'ab');
    const word = fuzzyMatch('b', 'a b');
    expect(exact!.score).toBeGreaterThan(prefixOfLong!.score);
    expect(prefixOfLong!.score).toBeGreaterThan(word!.score);
  });

  it('finds word starts in camelCase, acronyms and separators', () => {
    expect([...'HTTPRoute'].map((_, i) => isWordStart('HTTPRoute', i))).toEqual([true, false, false, false, true, false, false, false, false]);
    expect(isWordStart('backendTLS', 7)).toBe(true);
    expect(isWordStart('a-b', 2)).toBe(true);
    expect(isWordStart('a-b', 1)).toBe(false);
  });
});

describe('rankByMatch', () => {
  it('ranks prefix and word-start matches before subsequences, shorter and earlier first', () => {
    expect(rank('ro', ['Dashboard', 'Reference grants', 'New route', 'Routes', 'Request simulator', 'Gateway classes'])).toEqual([
      'Routes', 'New route', 'Request simulator',
    ]);
    expect(rank('tp', ['TLS Policies', 'Topology', 'TLS probe', 'Settings'])).toEqual(['TLS probe', 'TLS Policies', 'Topology']);
    expect(rank('gate', ['New gateway', 'Gateways', 'Gateway classes'])).toEqual(['Gateways', 'Gateway classes', 'New gateway']);
  });

  it('keeps the given order for equal scores and everything for an empty query', () => {
    expect(rank('', ['b', 'a', 'c'])).toEqual(['b', 'a', 'c']);
    expect(rank('x', ['ax', 'bx'])).toEqual(['ax', 'bx']);
  });

  it('matches other texts of an item (keywords) below its label, and highlights only the label', () => {
    const r = rankByMatch('password', [{ label: 'Account', kw: ['password', 'sessions'] }, { label: 'Change my password', kw: [] }], (i) => [i.label, ...i.kw]);
    expect(r.map((x) => x.item.label)).toEqual(['Change my password', 'Account']);
    expect(r[0]?.highlight).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
    expect(r[1]?.highlight).toEqual([]);
  });
});
