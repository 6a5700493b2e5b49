import { describe, expect, it } from 'vitest';
import type { Channel } from '@gatehouse/domain/notification/channel.schema';
import { describeDelivery, describeEvents, describeTarget } from './describe-channel';
import { describeListStatus, describeSubject, describeUnread } from './describe-notification';

const base = { id: 'c1', name: 'ops', enabled: true, events: ['cluster.drift' as const], createdAt: '', createdBy: 'ada', updatedAt: '' };

describe('notification words', () => {
  it('links each subject to its page', () => {
    expect(describeSubject('certificate.expiring', { kind: 'Certificate', name: 'web', id: 'c9' })).toEqual({ label: 'Certificate web', href: '/certificates/c9' });
    expect(describeSubject('cluster.drift', { kind: 'Cluster', name: 'prod' })).toEqual({ label: 'Drift of cluster prod', href: '/clusters/prod?tab=drift' });
    expect(describeSubject('cluster.push-failed', { kind: 'Cluster', name: 'prod' })).toEqual({ label: 'Pushes to cluster prod', href: '/clusters/prod?tab=history' });
    expect(describeSubject('worker.unreachable', { kind: 'Worker', name: 'w1' }).href).toBe('/');
  });

  it('caps the badge and says the count', () => {
    expect(describeUnread(0)).toEqual({ badge: null, label: 'Notifications: none unread' });
    expect(describeUnread(3)).toEqual({ badge: '3', label: 'Notifications: 3 unread' });
    expect(describeUnread(120).badge).toBe('99+');
    expect(describeListStatus(0, 0, true)).toBe('Nothing unread.');
    expect(describeListStatus(4, 0, false)).toBe('4 shown, all read.');
    expect(describeListStatus(4, 2, false)).toBe('4 shown, 2 unread.');
  });
});

describe('channel words', () => {
  it('says where a channel sends, never with credentials', () => {
    expect(describeTarget({ ...base, kind: 'webhook', url: 'https://hooks.example.com/in', secretSet: true })).toBe('POST https://hooks.example.com/in, signed');
    expect(describeTarget({ ...base, kind: 'slack', urlHint: 'https://hooks.slack.com/…' })).toBe('Incoming webhook at https://hooks.slack.com/…');
    const mail: Channel = { ...base, kind: 'email', host: 'smtp.example.com', port: 587, tls: 'starttls', username: 'bot', passwordSet: true, from: 'g@example.com', to: ['a@example.com', 'b@example.com'] };
    expect(describeTarget(mail)).toBe('smtp.example.com:587 (STARTTLS, as bot) → a@example.com, b@example.com');
    expect(describeEvents(['cluster.drift'])).toBe('1 of 6 events');
  });

  it('says how a delivery went', () => {
    expect(describeDelivery({ status: 'delivered', attemptCount: 3, maxAttempts: 8, lastError: null, nextAttemptAt: null })).toBe('Delivered after 3 attempts.');
    expect(describeDelivery({ status: 'failed', attemptCount: 1, maxAttempts: 8, lastError: 'HTTP 410 Gone', nextAttemptAt: null })).toBe('Failed after 1 attempt: HTTP 410 Gone');
    expect(describeDelivery({ status: 'pending', attemptCount: 0, maxAttempts: 8, lastError: null, nextAttemptAt: null })).toBe('Waiting for its first attempt.');
    expect(describeDelivery({ status: 'pending', attemptCount: 2, maxAttempts: 8, lastError: 'HTTP 503', nextAttemptAt: null })).toBe('Attempt 2 of 8 failed (HTTP 503); tried again soon.');
  });
});
