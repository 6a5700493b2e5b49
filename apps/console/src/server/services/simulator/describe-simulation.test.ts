import { compileSnapshot } from '@gatehouse/compiler/compile/compile-snapshot';
import { matchRequest } from '@gatehouse/compiler/match/match-request';
import { parseObject } from '@gatehouse/domain/registry/parse-object';
import { SimulateRequestSchema } from '@gatehouse/domain/simulator/simulate-request.schema';
import { describe, expect, it } from 'vitest';
import { describeSimulation } from './describe-simulation';

describe('describeSimulation with a ListenerSet listener', () => {
  it('reports the ListenerSet listener, not the Gateway listener of the same name', () => {
    const objects = [
      // The Gateway's own "web" is conflicted (same hostname as an older Gateway's), the ListenerSet's "web" serves.
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'older', namespace: 'infra', creationTimestamp: '2026-01-01T00:00:00Z' },
        spec: { gatewayClassName: 'gatehouse', listeners: [{ name: 'first', protocol: 'HTTP', port: 8500, hostname: 'taken.example.com' }] } },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'shared', namespace: 'infra', creationTimestamp: '2026-01-01T00:00:01Z' },
        spec: { gatewayClassName: 'gatehouse', allowedListeners: { namespaces: { from: 'Same' } }, listeners: [{ name: 'web', protocol: 'HTTP', port: 8500, hostname: 'taken.example.com' }] } },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'ListenerSet', metadata: { name: 'team', namespace: 'infra', creationTimestamp: '2026-01-01T00:00:02Z' },
        spec: { parentRef: { name: 'shared' }, listeners: [{ name: 'web', protocol: 'HTTP', port: 8500, hostname: 'team.example.com' }] } },
    ].map((o) => parseObject(o));
    const { table } = compileSnapshot({ revision: 3, objects }, { controllerName: 'gatehouse.dev/gateway-controller', now: '2026-01-02T00:00:00Z' });
    const request = SimulateRequestSchema.parse({ port: 8500, host: 'team.example.com', path: '/' });
    const match = matchRequest(table, { port: 8500, host: 'team.example.com', path: '/', method: 'GET', headers: {} }, { explain: true });
    const out = describeSimulation({ request, revision: 3, draft: null, table, objects, match, now: new Date('2026-01-02T00:00:00Z') });
    expect(out.listener).toMatchObject({ gateway: 'infra/shared', listener: 'web', programmed: true, reason: null });
  });
});
