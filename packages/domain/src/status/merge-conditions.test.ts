import { describe, expect, it } from 'vitest';
import { mergeStatus } from './merge-conditions';

const cond = (type: string, status: string, t: string) => ({ type, status, reason: 'R', message: '', lastTransitionTime: t });

describe('mergeStatus', () => {
  it('keeps the old transition time while the status holds, takes the new one when it flips', () => {
    const prev = { conditions: [cond('Accepted', 'True', 't0'), cond('Programmed', 'False', 't0')] };
    const next = { conditions: [cond('Accepted', 'True', 't1'), cond('Programmed', 'True', 't1')] };
    expect(mergeStatus(prev, next).conditions.map((c) => c.lastTransitionTime)).toEqual(['t0', 't1']);
  });
  it('walks nested lists (listeners, parents)', () => {
    const prev = { listeners: [{ name: 'http', conditions: [cond('Accepted', 'True', 't0')] }] };
    const next = { listeners: [{ name: 'http', conditions: [cond('Accepted', 'True', 't9')] }, { name: 'b', conditions: [cond('Accepted', 'True', 't9')] }] };
    const merged = mergeStatus(prev, next);
    expect(merged.listeners[0]!.conditions[0]!.lastTransitionTime).toBe('t0');
    expect(merged.listeners[1]!.conditions[0]!.lastTransitionTime).toBe('t9');
  });
});
