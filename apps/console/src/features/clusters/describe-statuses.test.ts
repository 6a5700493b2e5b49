import { describe, expect, it } from 'vitest';
import { describeStatusComparison, orderForReview } from './describe-statuses';

const item = (kind: string, name: string, agree: boolean, inCluster = true) => ({ kind, name, namespace: 'ns', agree, inCluster, differences: agree ? [] : ['x'] });

describe('describeStatusComparison', () => {
  it('says when everything agrees, how many disagree, and how many are not in the cluster', () => {
    expect(describeStatusComparison([], 'ns')).toMatch(/no Gateways/);
    expect(describeStatusComparison([item('Gateway', 'a', true)], 'ns')).toBe("All 1 objects in ns: the cluster's worker reports what Gatehouse computes.");
    expect(describeStatusComparison([item('Gateway', 'a', true), item('HTTPRoute', 'b', false, false)], 'ns')).toBe('1 of 2 objects disagree; 1 not in the cluster.');
  });
  it('orders disagreements first', () => {
    expect(orderForReview([item('Gateway', 'a', true), item('HTTPRoute', 'b', false)]).map((i) => i.name)).toEqual(['b', 'a']);
  });
});
