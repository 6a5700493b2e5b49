import { describe, expect, it } from 'vitest';
import { notificationPath } from './notification-path';

describe('notificationPath', () => {
  it('leads to the page of the subject', () => {
    expect(notificationPath('certificate.expiring', { kind: 'Certificate', name: 'web', id: 'c/1' })).toBe('/certificates/c%2F1');
    expect(notificationPath('cluster.drift', { kind: 'Cluster', name: 'prod' })).toBe('/clusters/prod?tab=drift');
    expect(notificationPath('cluster.push-failed', { kind: 'Cluster', name: 'prod' })).toBe('/clusters/prod?tab=history');
    expect(notificationPath('worker.unreachable', { kind: 'Worker', name: 'w-1' })).toBe('/');
  });
});
