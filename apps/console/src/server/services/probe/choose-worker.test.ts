import { describe, expect, it } from 'vitest';
import { chooseWorker } from './choose-worker';

const now = new Date('2026-11-26T10:00:00Z');
const seen = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000);

describe('chooseWorker', () => {
  it('takes the most recently seen worker that has an admin address and is not stale', () => {
    const rows = [
      { id: 'old', name: 'old', address: 'http://127.0.0.1:1', lastSeenAt: seen(300) },
      { id: 'quiet', name: 'quiet', address: 'http://127.0.0.1:2', lastSeenAt: seen(20) },
      { id: 'no-admin', name: 'no-admin', address: '', lastSeenAt: seen(1) },
      { id: 'fresh', name: 'fresh', address: 'http://127.0.0.1:3', lastSeenAt: seen(5) },
    ];
    expect(chooseWorker(rows, now)?.id).toBe('fresh');
    expect(chooseWorker(rows, now, 'quiet')?.id).toBe('quiet');
    expect(chooseWorker(rows, now, 'old')?.id).toBe('fresh');
    expect(chooseWorker(rows.slice(0, 1), now)).toBeUndefined();
  });
});
