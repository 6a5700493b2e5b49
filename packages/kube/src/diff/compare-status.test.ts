import { describe, expect, it } from 'vitest';
import { compareStatus } from './compare-status';

const C = 'gatehouse.dev/gateway-controller';
const cond = (type: string, status: string) => ({ type, status, reason: 'R', message: 'm', lastTransitionTime: 't' });
const gateway = (programmed: string, attached: number) => ({
  conditions: [cond('Accepted', 'True'), cond('Programmed', programmed)],
  listeners: [{ name: 'http', attachedRoutes: attached, conditions: [cond('Programmed', programmed)] }],
});

describe('compareStatus', () => {
  it('agrees when conditions and attached routes match, whatever the messages say', () => {
    const a = gateway('True', 1);
    const b = { ...gateway('True', 1), conditions: [{ ...cond('Accepted', 'True'), message: 'other words' }, cond('Programmed', 'True')] };
    expect(compareStatus('Gateway', a, b, C)).toEqual([]);
  });
  it('says what differs, per place', () => {
    expect(compareStatus('Gateway', gateway('True', 1), gateway('False', 0), C)).toEqual([
      'Programmed is True in Gatehouse, False in the cluster',
      'listener http: Programmed is True in Gatehouse, False in the cluster',
      'listener http: 1 attached route(s) in Gatehouse, 0 in the cluster',
    ]);
  });
  it('reads only parents of Gatehouse\'s controller, and says when the cluster has no status at all', () => {
    const ours = { parents: [{ parentRef: { name: 'gw' }, controllerName: C, conditions: [cond('Accepted', 'True')] }] };
    const theirs = { parents: [...ours.parents, { parentRef: { name: 'other' }, controllerName: 'example.com/x', conditions: [cond('Accepted', 'False')] }] };
    expect(compareStatus('HTTPRoute', ours, theirs, C)).toEqual([]);
    expect(compareStatus('HTTPRoute', ours, undefined, C)[0]).toMatch(/no status from a Gatehouse worker/);
    expect(compareStatus('HTTPRoute', ours, { parents: [] }, C)[0]).toMatch(/no status from a Gatehouse worker/);
  });
  it('compares a ListenerSet per listener, and keeps a ListenerSet parent apart from a Gateway parent of the same name', () => {
    expect(compareStatus('ListenerSet', gateway('True', 2), gateway('True', 1), C)).toEqual(['listener http: 2 attached route(s) in Gatehouse, 1 in the cluster']);
    const parents = (lsAccepted: string) => ({ parents: [
      { parentRef: { kind: 'Gateway', name: 'x' }, controllerName: C, conditions: [cond('Accepted', 'True')] },
      { parentRef: { kind: 'ListenerSet', name: 'x' }, controllerName: C, conditions: [cond('Accepted', lsAccepted)] },
    ] });
    expect(compareStatus('HTTPRoute', parents('True'), parents('False'), C)).toEqual(['parent ListenerSet x: Accepted is True in Gatehouse, False in the cluster']);
  });
});
