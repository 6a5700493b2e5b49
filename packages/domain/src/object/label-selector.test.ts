import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-error';
import { matchesLabels, parseLabelSelector } from './label-selector';

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('parseLabelSelector (Kubernetes equality-based syntax)', () => {
  it('parses =, ==, !=, exists and !exists, trimming spaces', () => {
    expect(parseLabelSelector('app=web, tier == front,env!=prod , team,!legacy')).toEqual([
      { key: 'app', op: 'equals', value: 'web' },
      { key: 'tier', op: 'equals', value: 'front' },
      { key: 'env', op: 'notEquals', value: 'prod' },
      { key: 'team', op: 'exists' },
      { key: 'legacy', op: 'notExists' },
    ]);
    expect(parseLabelSelector('app.kubernetes.io/name=httpbin')).toEqual([{ key: 'app.kubernetes.io/name', op: 'equals', value: 'httpbin' }]);
    expect(parseLabelSelector('a=')).toEqual([{ key: 'a', op: 'equals', value: '' }]);
    expect(parseLabelSelector('  ')).toEqual([]);
  });

  it('refuses bad keys, bad values, empty parts and set-based syntax as invalid, naming each part', () => {
    const e = errorOf(() => parseLabelSelector('a=b,,-bad=x,c=d e'));
    expect(e.code).toBe('invalid');
    expect(e.details.map((d) => d.path)).toEqual(['labelSelector[1]', 'labelSelector[2]', 'labelSelector[3]']);
    expect(errorOf(() => parseLabelSelector('env in (a,b)')).message).toMatch(/set-based/);
    expect(errorOf(() => parseLabelSelector('a=b=c', 'labels')).details.map((d) => d.path)).toEqual(['labels[0]']);
  });

  it('matches as the API server does: all requirements ANDed, != also matches an absent key', () => {
    const sel = parseLabelSelector('app=web,env!=prod');
    expect(matchesLabels(sel, { app: 'web' })).toBe(true);
    expect(matchesLabels(sel, { app: 'web', env: 'dev' })).toBe(true);
    expect(matchesLabels(sel, { app: 'web', env: 'prod' })).toBe(false);
    expect(matchesLabels(sel, { app: 'api' })).toBe(false);
    expect(matchesLabels(parseLabelSelector('team,!legacy'), { team: '' })).toBe(true);
    expect(matchesLabels(parseLabelSelector('team'), undefined)).toBe(false);
    expect(matchesLabels(parseLabelSelector('!team'), undefined)).toBe(true);
    expect(matchesLabels([], undefined)).toBe(true);
  });
});
