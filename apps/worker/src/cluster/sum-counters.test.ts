import { describe, expect, it } from 'vitest';
import { sumCounters } from './sum-counters';

describe('sumCounters', () => {
  it('sums numbers and merges nested counters, keeping keys only some processes have', () => {
    const a = { requests: 3, forwarded: 2, errors: { no_route: 1 }, pools: 1 };
    const b = { requests: 4, forwarded: 4, errors: { no_route: 2, upstream_timeout: 5 }, pools: 2 };
    expect(sumCounters([a, b])).toEqual({ requests: 7, forwarded: 6, errors: { no_route: 3, upstream_timeout: 5 }, pools: 3 });
  });

  it('takes non-numeric values from the first process and copies instead of aliasing', () => {
    const first = { kind: 'x', nested: { n: 1 } };
    const out = sumCounters([first, { kind: 'y', nested: { n: 2 } }]);
    expect(out).toEqual({ kind: 'x', nested: { n: 3 } });
    expect(first.nested.n).toBe(1);
    expect(sumCounters([])).toEqual({});
  });
});
