import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { fromCluster, skipReason } from './from-cluster';

describe('fromCluster', () => {
  it('keeps what an operator wrote and drops what the server, clients and Gatehouse keep for themselves', () => {
    const live = {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute',
      metadata: {
        name: 'r', namespace: 'ns', uid: 'u', resourceVersion: '5', generation: 2, creationTimestamp: 't', managedFields: [{}],
        labels: { team: 'a', 'app.kubernetes.io/managed-by': 'gatehouse' },
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'gatehouse.dev/instance': 'i', note: 'n' },
      },
      spec: { hostnames: ['x'] },
      status: { parents: [] },
    } as unknown as KubeObject;
    expect(fromCluster(live)).toEqual({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'ns', labels: { team: 'a' }, annotations: { note: 'n' } }, spec: { hostnames: ['x'] } });
  });
  it('drops the cluster IPs of Services and skips the cluster\'s own plumbing', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], ports: [{ port: 80 }] } } as KubeObject;
    expect(fromCluster(svc).spec).toEqual({ ports: [{ port: 80 }] });
    expect(skipReason({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt' } })).toMatch(/CA bundle/);
    expect(skipReason({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 't' }, type: 'kubernetes.io/service-account-token' } as KubeObject)).toMatch(/token/);
    expect(skipReason({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 't' }, type: 'Opaque' } as KubeObject)).toBeUndefined();
  });
});
