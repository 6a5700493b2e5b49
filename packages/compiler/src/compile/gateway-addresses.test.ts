import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { compileSnapshot } from './compile-snapshot';

/** Restated from the v1.6 conformance tests GatewayStaticAddresses and GatewayAddressEmpty. */
const gateway = (addresses: Array<Record<string, string>>): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { namespace: 'infra', name: 'gw', generation: 2, creationTimestamp: '2025-01-01T00:00:00Z' },
  spec: { gatewayClassName: 'gatehouse', addresses, listeners: [{ name: 'http', port: 8080, protocol: 'HTTP' }] },
});

function statusOf(addresses: Array<Record<string, string>>, available?: Array<{ type: 'IPAddress' | 'Hostname'; value: string }>) {
  const r = compileSnapshot({ revision: 1, objects: [gateway(addresses)] }, { controllerName: 'c', now: '2026-01-01T00:00:00Z', ...(available ? { addresses: available } : {}) });
  const s = r.statuses.find((x) => x.kind === 'Gateway')?.status as { conditions: Array<{ type: string; status: string; reason: string }>; addresses?: unknown };
  const cond = (t: string) => s.conditions.find((c) => c.type === t);
  return { accepted: cond('Accepted'), programmed: cond('Programmed'), addresses: s.addresses };
}

const WORKER = [{ type: 'IPAddress' as const, value: '10.0.0.5' }];

describe('Gateway spec.addresses', () => {
  it('an unsupported address type makes the Gateway not Accepted (UnsupportedAddress)', () => {
    const s = statusOf([{ type: 'test/fake-invalid-type', value: 'x' }, { value: '10.0.0.5' }], WORKER);
    expect(s.accepted).toMatchObject({ status: 'False', reason: 'UnsupportedAddress' });
  });

  it('an address the data plane does not have: Accepted, not Programmed (AddressNotUsable)', () => {
    const s = statusOf([{ value: '192.0.2.1' }, { value: '10.0.0.5' }], WORKER);
    expect(s.accepted).toMatchObject({ status: 'True', reason: 'Accepted' });
    expect(s.programmed).toMatchObject({ status: 'False', reason: 'AddressNotUsable' });
  });

  it('a usable static address is Programmed and is the only status address', () => {
    const s = statusOf([{ type: 'IPAddress', value: '10.0.0.5' }], [...WORKER, { type: 'IPAddress', value: '10.0.0.6' }]);
    expect(s.programmed).toMatchObject({ status: 'True', reason: 'Programmed' });
    expect(s.addresses).toEqual([{ type: 'IPAddress', value: '10.0.0.5' }]);
  });

  it('an empty value is assigned one of the data plane\'s addresses of that type (GatewayAddressEmpty)', () => {
    const s = statusOf([{ type: 'IPAddress' }], WORKER);
    expect(s.programmed).toMatchObject({ status: 'True' });
    expect(s.addresses).toEqual(WORKER);
    const none = statusOf([{ type: 'Hostname' }], WORKER);
    expect(none.programmed).toMatchObject({ status: 'False', reason: 'AddressNotAssigned' });
  });

  it('without requests the Gateway gets every address; unknown data plane addresses judge types only', () => {
    expect(statusOf([], WORKER).addresses).toEqual(WORKER);
    const unknown = statusOf([{ value: '192.0.2.1' }]);
    expect(unknown.programmed).toMatchObject({ status: 'True' });
    expect(unknown.addresses).toBeUndefined();
  });
});
