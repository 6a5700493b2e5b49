import { describe, expect, it } from 'vitest';
import { describeWorkerConnection, describeWorkerSync } from './describe-worker';

const now = Date.parse('2026-12-05T10:00:00Z');
const ago = (s: number) => new Date(now - s * 1000).toISOString();

describe('describeWorkerConnection', () => {
  it('a worker waiting in its long-poll is connected, not "seen 43 s ago"', () => {
    expect(describeWorkerConnection(ago(43), now)).toEqual({ tone: 'ok', words: 'Connected (heartbeat every 25 s)' });
  });
  it('says when the heartbeat is late and when the worker is gone', () => {
    expect(describeWorkerConnection(ago(80), now)).toEqual({ tone: 'pending', words: 'No heartbeat for 80 s' });
    expect(describeWorkerConnection(ago(600), now)).toEqual({ tone: 'bad', words: 'Unreachable: not seen for 10 min' });
    expect(describeWorkerConnection(ago(3 * 3600), now).words).toBe('Unreachable: not seen for 3 h');
  });
});

describe('describeWorkerSync', () => {
  it('in sync or how many changes behind', () => {
    expect(describeWorkerSync(7, 7).words).toBe('In sync: enforces the current configuration');
    expect(describeWorkerSync(5, 7).words).toBe('2 changes behind');
    expect(describeWorkerSync(6, 7).words).toBe('1 change behind');
  });
});
