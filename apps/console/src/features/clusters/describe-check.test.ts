import { describe, expect, it } from 'vitest';
import type { ClusterStatus } from '@gatehouse/domain/cluster/cluster.schema';
import { describeCheck, describeCrds, describeDriftCount, describeLastPush, permissionMatrix } from './describe-check';

const healthy: ClusterStatus = {
  reachable: true,
  serverVersion: 'v1.35.4',
  gatewayApi: { installed: true, bundleVersion: 'v1.6.1', channel: 'standard' },
  upstreamTlsPolicyCrd: true,
  permissions: [
    { kind: 'Namespace', verb: 'get', allowed: true }, { kind: 'Namespace', verb: 'delete', allowed: true },
    { kind: 'HTTPRoute', verb: 'get', allowed: true }, { kind: 'HTTPRoute', verb: 'delete', allowed: true },
  ],
  message: 'Reachable, Kubernetes v1.35.4. Gateway API v1.6.1 standard CRDs installed. UpstreamTLSPolicy CRD installed. This identity may do everything a push needs.',
  checkedAt: '2025-01-01T00:00:00.000Z',
};

describe('a cluster check in words', () => {
  it('splits the server\'s message into sentences without breaking version numbers', () => {
    const v = describeCheck(healthy);
    expect(v.tone).toBe('ok');
    expect(v.label).toBe('Reachable · v1.35.4');
    expect(v.sentences).toEqual([
      'Reachable, Kubernetes v1.35.4.', 'Gateway API v1.6.1 standard CRDs installed.', 'UpstreamTLSPolicy CRD installed.', 'This identity may do everything a push needs.',
    ]);
    expect(v.needsCrds).toBe(false);
  });

  it('is amber when CRDs are missing or a permission is denied, red when unreachable or refused', () => {
    const missing = describeCheck({ ...healthy, gatewayApi: { installed: false, missing: ['httproutes.gateway.networking.k8s.io'] } });
    expect(missing).toMatchObject({ tone: 'pending', needsCrds: true });
    const denied = describeCheck({ ...healthy, permissions: [{ kind: 'HTTPRoute', verb: 'delete', allowed: false }] });
    expect(denied).toMatchObject({ tone: 'pending', deniedCount: 1, needsCrds: false });
    const down = describeCheck({ reachable: false, gatewayApi: { installed: false }, upstreamTlsPolicyCrd: false, permissions: [], message: 'cannot reach the API server at https://10.0.0.1:6443: connect ECONNREFUSED', checkedAt: 'x' });
    expect(down).toMatchObject({ tone: 'bad', label: 'Not reachable', needsCrds: false });
    expect(down.sentences).toEqual(['cannot reach the API server at https://10.0.0.1:6443: connect ECONNREFUSED']);
    const refused = describeCheck({ reachable: true, gatewayApi: { installed: false }, upstreamTlsPolicyCrd: false, permissions: [], message: 'the API server at https://x refused the credentials (401 Unauthorized)', checkedAt: 'x' });
    expect(refused).toMatchObject({ tone: 'bad', label: 'Credentials refused' });
    expect(describeCheck({ reachable: false, gatewayApi: { installed: false }, upstreamTlsPolicyCrd: false, permissions: [], message: 'not checked yet' })).toMatchObject({ tone: 'neutral', label: 'Not checked yet' });
  });

  it('names the Gateway API bundle and channel, or how many CRDs are missing', () => {
    expect(describeCrds(healthy)).toEqual({ gatewayApi: 'Gateway API v1.6.1 (standard)', gatewayApiTone: 'ok', upstreamTlsPolicy: 'UpstreamTLSPolicy installed', upstreamTone: 'ok' });
    expect(describeCrds({ ...healthy, gatewayApi: { installed: false, missing: ['a', 'b'] }, upstreamTlsPolicyCrd: false })).toMatchObject({ gatewayApi: 'Gateway API: 2 CRDs missing', gatewayApiTone: 'pending', upstreamTlsPolicy: 'UpstreamTLSPolicy missing' });
    expect(describeCrds({ ...healthy, reachable: false }).gatewayApi).toBe('Gateway API: unknown');
  });

  it('lays permissions out as kinds × verbs, counting denials per kind', () => {
    const m = permissionMatrix([...healthy.permissions.slice(0, 3), { kind: 'HTTPRoute', verb: 'delete', allowed: false }]);
    expect(m.verbs).toEqual(['get', 'delete']);
    expect(m.rows).toEqual([
      { kind: 'Namespace', cells: [{ verb: 'get', allowed: true }, { verb: 'delete', allowed: true }], denied: 0 },
      { kind: 'HTTPRoute', cells: [{ verb: 'get', allowed: true }, { verb: 'delete', allowed: false }], denied: 1 },
    ]);
    expect(permissionMatrix([{ kind: 'Secret', verb: 'get', allowed: true }, { kind: 'Gateway', verb: 'list', allowed: true }]).rows[0]!.cells).toEqual([{ verb: 'get', allowed: true }, { verb: 'list', allowed: undefined }]);
  });

  it('words the last push and the drift count for the list', () => {
    expect(describeLastPush(undefined)).toEqual({ text: 'Never pushed', tone: 'neutral' });
    expect(describeLastPush({ push: 3, time: 't', outcome: 'partial' })).toEqual({ text: '#3 · partial', tone: 'pending' });
    expect(describeDriftCount(0)).toEqual({ text: 'No drift', tone: 'ok' });
    expect(describeDriftCount(1).text).toBe('1 object drifted');
    expect(describeDriftCount(4).text).toBe('4 objects drifted');
  });
});
