import { describe, expect, it } from 'vitest';
import { detectExpiringCertificates, type CertificateForExpiry } from './certificate-expiry';
import { detectClusterDrift, type DriftedObject } from './cluster-drift';
import { detectFailedPushes, type PushForCheck } from './cluster-push';
import { DAY_MS, describeDuration, HOUR_MS, MINUTE_MS } from './draft';
import { renewalFailedDraft } from './renewal-failed';
import { detectWorkerProblems, type WorkerForCheck } from './workers';

const now = new Date('2026-03-01T12:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

function cert(over: Partial<CertificateForExpiry> = {}): CertificateForExpiry {
  return { id: 'c1', name: 'web', commonName: 'web.example.com', serialHex: '0a1b', notAfter: later(40 * DAY_MS), isCA: false, autoRenew: false, revokedAt: null, supersededById: null, boundTo: [], ...over };
}

describe('detectExpiringCertificates', () => {
  it('notifies at 30, 7 and 1 day(s) left, for the nearest threshold only, and once expired', () => {
    const at = (leftMs: number) => detectExpiringCertificates([cert({ notAfter: later(leftMs) })], now);
    expect(at(31 * DAY_MS)).toEqual([]);
    expect(at(30 * DAY_MS)[0]).toMatchObject({ dedupeKey: 'certificate.expiring/c1/30d', severity: 'info', title: 'Certificate "web" expires in 30 days' });
    expect(at(20 * DAY_MS)[0]!.dedupeKey).toBe('certificate.expiring/c1/30d');
    expect(at(5 * DAY_MS + HOUR_MS)[0]).toMatchObject({ dedupeKey: 'certificate.expiring/c1/7d', severity: 'warning', title: 'Certificate "web" expires in 5 days' });
    expect(at(3 * HOUR_MS)[0]).toMatchObject({ dedupeKey: 'certificate.expiring/c1/1d', severity: 'critical', title: 'Certificate "web" expires in 3 hours' });
    expect(at(0)[0]!.dedupeKey).toBe('certificate.expiring/c1/1d'); // notAfter itself is still valid
    expect(at(-2 * DAY_MS)[0]).toMatchObject({ dedupeKey: 'certificate.expiring/c1/0d', severity: 'critical', title: 'Certificate "web" has expired' });
  });

  it('skips revoked and superseded certificates and says what uses the certificate', () => {
    const soon = later(2 * DAY_MS);
    expect(detectExpiringCertificates([cert({ notAfter: soon, revokedAt: now }), cert({ notAfter: soon, supersededById: 'c2' })], now)).toEqual([]);
    const [d] = detectExpiringCertificates([cert({ notAfter: soon, isCA: true, autoRenew: true, boundTo: ['Secret httpbin/https-cert'] })], now);
    expect(d!.title).toBe('CA certificate "web" expires in 2 days');
    expect(d!.body).toContain('Used by Secret httpbin/https-cert.');
    expect(d!.body).toContain('Auto-renew is on');
    expect(d!.subject).toEqual({ kind: 'Certificate', name: 'web', id: 'c1' });
    expect(d!.detail).toMatchObject({ thresholdDays: 7, daysLeft: 2 });
  });
});

describe('detectWorkerProblems', () => {
  const worker = (over: Partial<WorkerForCheck> = {}): WorkerForCheck => ({ id: 'w1', name: 'edge-1', revision: 10, lastSeenAt: later(-10_000), ...over });

  it('reports an unreachable worker once per outage (keyed by when it was last seen), not retired ones', () => {
    const seen = later(-3 * MINUTE_MS);
    const first = detectWorkerProblems([worker({ lastSeenAt: seen })], 10, now, new Map());
    expect(first.drafts).toHaveLength(1);
    expect(first.drafts[0]).toMatchObject({ type: 'worker.unreachable', severity: 'critical', title: 'Worker edge-1 is unreachable', dedupeKey: `worker.unreachable/w1@${seen.getTime()}` });
    // The same outage later: the same key (the store keeps one notification per key).
    expect(detectWorkerProblems([worker({ lastSeenAt: seen })], 10, later(HOUR_MS), new Map()).drafts[0]!.dedupeKey).toBe(first.drafts[0]!.dedupeKey);
    // Back, then gone again: a new outage.
    const again = later(10 * MINUTE_MS);
    expect(detectWorkerProblems([worker({ lastSeenAt: again })], 10, later(13 * MINUTE_MS), new Map()).drafts[0]!.dedupeKey).toBe(`worker.unreachable/w1@${again.getTime()}`);
    expect(detectWorkerProblems([worker({ lastSeenAt: later(-119_000) })], 10, now, new Map()).drafts).toEqual([]);
    expect(detectWorkerProblems([worker({ lastSeenAt: later(-8 * DAY_MS) })], 10, now, new Map()).drafts).toEqual([]);
  });

  it('reports a worker behind the store revision only after the grace period, once per stuck revision', () => {
    const a = detectWorkerProblems([worker({ revision: 9 })], 12, now, new Map());
    expect(a.drafts).toEqual([]);
    expect([...a.pending]).toEqual([['w1@9', now.getTime()]]);
    const b = detectWorkerProblems([worker({ revision: 9, lastSeenAt: later(60_000) })], 12, later(MINUTE_MS), a.pending);
    expect(b.drafts).toEqual([]);
    const c = detectWorkerProblems([worker({ revision: 9, lastSeenAt: later(2 * MINUTE_MS) })], 12, later(2 * MINUTE_MS), b.pending);
    expect(c.drafts).toHaveLength(1);
    expect(c.drafts[0]).toMatchObject({ type: 'worker.out-of-sync', severity: 'warning', dedupeKey: 'worker.out-of-sync/w1@9', title: 'Worker edge-1 is out of sync' });
    expect(c.drafts[0]!.body).toContain('revision 9 while the store is at revision 12, and has for 2 minutes');
    // Caught up: the pending entry is gone; behind at a new revision starts a new clock.
    expect([...detectWorkerProblems([worker({ revision: 12, lastSeenAt: later(3 * MINUTE_MS) })], 12, later(3 * MINUTE_MS), c.pending).pending]).toEqual([]);
    expect([...detectWorkerProblems([worker({ revision: 10, lastSeenAt: later(3 * MINUTE_MS) })], 12, later(3 * MINUTE_MS), c.pending).pending]).toEqual([['w1@10', later(3 * MINUTE_MS).getTime()]]);
  });
});

describe('detectClusterDrift', () => {
  const obj = (name: string, since: Date, state = 'changed'): DriftedObject => ({ key: `HTTPRoute/ns/${name}`, kind: 'HTTPRoute', namespace: 'ns', name, state, since });

  it('notifies per cluster when an object drifts that the last notification did not cover', () => {
    const web = obj('web', now);
    const [first] = detectClusterDrift([{ clusterId: 'k1', clusterName: 'prod', objects: [web] }]);
    expect(first).toMatchObject({ type: 'cluster.drift', severity: 'warning', title: 'Drift in cluster prod: 1 object changed outside Gatehouse', subject: { kind: 'Cluster', name: 'prod', id: 'k1' } });
    expect(first!.body).toContain('- HTTPRoute ns/web: changed in the cluster');
    const episodes = first!.detail!.episodes as string[];
    // Unchanged drift, or drift that shrank: nothing new.
    expect(detectClusterDrift([{ clusterId: 'k1', clusterName: 'prod', objects: [web], previousEpisodes: episodes }])).toEqual([]);
    expect(detectClusterDrift([{ clusterId: 'k1', clusterName: 'prod', objects: [], previousEpisodes: episodes }])).toEqual([]);
    // Another object drifts: a new notification listing both, the new one marked.
    const [second] = detectClusterDrift([{ clusterId: 'k1', clusterName: 'prod', objects: [web, obj('api', later(MINUTE_MS), 'deleted')], previousEpisodes: episodes }]);
    expect(second!.title).toBe('Drift in cluster prod: 2 objects changed outside Gatehouse');
    expect(second!.body).toContain('- HTTPRoute ns/api: deleted in the cluster (new)');
    expect(second!.dedupeKey).not.toBe(first!.dedupeKey);
    // The same object changed again (a new check time): news again.
    expect(detectClusterDrift([{ clusterId: 'k1', clusterName: 'prod', objects: [obj('web', later(HOUR_MS))], previousEpisodes: episodes }])).toHaveLength(1);
  });
});

describe('detectFailedPushes', () => {
  const push = (over: Partial<PushForCheck> = {}): PushForCheck => ({
    clusterId: 'k1', clusterName: 'prod', number: 4, time: later(-MINUTE_MS), actorName: 'ada', outcome: 'partial',
    items: [{ kind: 'HTTPRoute', namespace: 'ns', name: 'web', outcome: 'failed', message: 'conflict with field manager kubectl' }, { kind: 'Gateway', namespace: 'ns', name: 'edge', outcome: 'configured' }],
    ...over,
  });

  it('reports failed and partial pushes of the last day once each, naming what failed', () => {
    const [d] = detectFailedPushes([push(), push({ number: 3, outcome: 'succeeded' }), push({ number: 1, outcome: 'failed', time: later(-2 * DAY_MS) })], now);
    expect(d).toMatchObject({ type: 'cluster.push-failed', severity: 'warning', title: 'Push #4 to cluster prod partly failed', dedupeKey: 'cluster.push-failed/k1/4' });
    expect(d!.body).toContain('1 of 2 objects failed');
    expect(d!.body).toContain('- HTTPRoute ns/web: conflict with field manager kubectl');
    expect(detectFailedPushes([push({ outcome: 'failed' })], now)[0]).toMatchObject({ severity: 'critical', title: 'Push #4 to cluster prod failed' });
  });
});

describe('renewalFailedDraft and describeDuration', () => {
  it('says what failed, once per certificate row', () => {
    const d = renewalFailedDraft({ id: 'c9', name: 'api', notAfter: later(10 * DAY_MS) }, 'the issuing CA has expired', now);
    expect(d).toMatchObject({ type: 'certificate.renewal-failed', dedupeKey: 'certificate.renewal-failed/c9', title: 'Auto-renewal of certificate "api" failed' });
    expect(d.body).toContain('the issuing CA has expired');
  });

  it('says a duration in the largest unit that fits, rounded', () => {
    expect([DAY_MS, 2 * DAY_MS + 23 * HOUR_MS, 5 * DAY_MS - 1, HOUR_MS, 89 * MINUTE_MS, 59_000, -5].map(describeDuration)).toEqual(['1 day', '3 days', '5 days', '1 hour', '1 hour', '59 seconds', '0 seconds']);
  });
});
