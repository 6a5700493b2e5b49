import { describe, expect, it } from 'vitest';
import type { DriftItem } from '@gatehouse/domain/cluster/cluster.schema';
import { describeDriftAction, importRequest, repushRequest } from './describe-drift';

const route: DriftItem = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', namespace: 'shop', name: 'web', state: 'changed', diff: '' };
const gatewayClass: DriftItem = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', name: 'gatehouse', state: 'changed', diff: '' };

describe('actions on a drifted object', () => {
  it('re-pushes one object, forced, in its namespace', () => {
    expect(repushRequest(route)).toEqual({ namespaces: ['shop'], objects: [{ kind: 'HTTPRoute', namespace: 'shop', name: 'web' }], force: true, prune: false });
  });

  it('re-pushes a cluster-wide object with the namespaces of the last push, or not at all', () => {
    expect(repushRequest(gatewayClass, ['shop'])).toEqual({ namespaces: ['shop'], objects: [{ kind: 'GatewayClass', name: 'gatehouse' }], force: true, prune: false });
    expect(repushRequest(gatewayClass)).toBeUndefined();
  });

  it('imports the cluster\'s version of a changed object only', () => {
    expect(importRequest(route)).toEqual({ namespaces: ['shop'], objects: [{ kind: 'HTTPRoute', namespace: 'shop', name: 'web' }], dryRun: false, includeSecretValues: false });
    expect(importRequest({ ...route, state: 'deleted' })).toBeUndefined();
    expect(importRequest(gatewayClass)).toBeUndefined();
  });

  it('says what each action does before it is confirmed', () => {
    expect(describeDriftAction('repush', route, 'prod')).toMatchObject({ title: 'Re-push HTTPRoute shop/web', confirm: 'Re-push' });
    expect(describeDriftAction('repush', route, 'prod').body).toContain('with force');
    expect(describeDriftAction('import', route, 'prod').body).toContain('Nothing in the cluster changes.');
  });
});
