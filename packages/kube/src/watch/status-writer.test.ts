import { describe, expect, it } from 'vitest';
import { desiredStatus } from './status-writer';

const extras = { controllerName: 'gatehouse.dev/gateway-controller', gatewayAddresses: [] };
const cond = (type: string, status: string, at: string) => ({ type, status, reason: 'R', message: 'm', lastTransitionTime: at });

describe('desiredStatus for a ListenerSet', () => {
  it('keeps lastTransitionTime of unchanged conditions, on the ListenerSet and on each listener entry', () => {
    const computed = {
      group: 'gateway.networking.k8s.io', kind: 'ListenerSet', namespace: 'team', name: 'extra',
      status: {
        conditions: [cond('Accepted', 'True', 'now'), cond('Programmed', 'True', 'now')],
        listeners: [{ name: 'a', attachedRoutes: 1, supportedKinds: [], conditions: [cond('Programmed', 'True', 'now'), cond('Conflicted', 'False', 'now')] }],
      },
    };
    const live = {
      conditions: [cond('Accepted', 'True', 'before'), cond('Programmed', 'False', 'before')],
      listeners: [{ name: 'a', attachedRoutes: 0, conditions: [cond('Programmed', 'True', 'before'), cond('Conflicted', 'True', 'before')] }],
    };
    const out = desiredStatus(computed, live, extras) as { conditions: Array<{ lastTransitionTime: string }>; listeners: Array<{ attachedRoutes: number; conditions: Array<{ lastTransitionTime: string }> }> };
    expect(out.conditions.map((c) => c.lastTransitionTime)).toEqual(['before', 'now']);
    expect(out.listeners[0]?.conditions.map((c) => c.lastTransitionTime)).toEqual(['before', 'now']);
    expect(out.listeners[0]?.attachedRoutes).toBe(1);
    expect(out).not.toHaveProperty('addresses');
  });
});

describe('desiredStatus for a GatewayClass', () => {
  it('writes the compiler\'s supportedFeatures (compiled for the worker\'s engine) and keeps unchanged transition times', () => {
    const computed = {
      group: 'gateway.networking.k8s.io', kind: 'GatewayClass', namespace: '', name: 'gatehouse',
      status: { conditions: [cond('Accepted', 'True', 'now')], supportedFeatures: [{ name: 'Gateway' }, { name: 'HTTPRoute' }] },
    };
    const live = { conditions: [cond('Accepted', 'True', 'before')], supportedFeatures: [{ name: 'Gateway' }, { name: 'HTTPRoute' }, { name: 'HTTPRouteRequestMirror' }] };
    const out = desiredStatus(computed, live, extras) as { conditions: Array<{ lastTransitionTime: string }>; supportedFeatures: Array<{ name: string }> };
    expect(out.supportedFeatures).toEqual([{ name: 'Gateway' }, { name: 'HTTPRoute' }]);
    expect(out.conditions.map((c) => c.lastTransitionTime)).toEqual(['before']);
  });
});
