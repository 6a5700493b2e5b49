import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectFeed } from './direct-feed';

/** A console stand-in on a real socket that answers the feed's requests in turn with `answers`, then 204 after a while. */
async function consoleAnswering(answers: Array<{ status: number; headers?: Record<string, string> }>): Promise<{ url: string; at: number[]; server: Server }> {
  const at: number[] = [];
  const server = createServer((req, res) => {
    at.push(performance.now());
    const a = answers.shift();
    if (a === undefined) {
      setTimeout(() => res.writeHead(204).end(), 200);
      return;
    }
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end('{"error":{"code":"unavailable"}}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, at, server };
}

describe('DirectFeed against an unavailable console', () => {
  let feed: DirectFeed | null = null;
  let server: Server | null = null;
  afterEach(async () => {
    await feed?.stop();
    server?.close();
    feed = null;
    server = null;
  });

  const start = (url: string): DirectFeed => {
    const f = new DirectFeed({ consoleUrl: url, readToken: () => 'token', workerId: 'w', workerName: 'w', waitSeconds: 1, logger: pino({ level: 'silent' }) });
    f.start(() => Promise.resolve({ revision: 1, ok: true }));
    return f;
  };

  it('waits as long as a 503 Retry-After says before asking again (longer than its own backoff)', async () => {
    const c = await consoleAnswering([{ status: 503, headers: { 'retry-after': '2' } }]);
    server = c.server;
    feed = start(c.url);
    await expect.poll(() => c.at.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    const gap = (c.at[1] as number) - (c.at[0] as number);
    expect(gap).toBeGreaterThanOrEqual(1_950);
    expect(gap).toBeLessThan(3_500);
  });

  it('backs off by its own steps without Retry-After (the control: a first retry within half a second)', async () => {
    const c = await consoleAnswering([{ status: 503 }]);
    server = c.server;
    feed = start(c.url);
    await expect.poll(() => feed?.state.lastError ?? null, { timeout: 2_000 }).toBe('console answered HTTP 503');
    await expect.poll(() => c.at.length, { timeout: 2_000 }).toBeGreaterThanOrEqual(2);
    const gap = (c.at[1] as number) - (c.at[0] as number);
    expect(gap).toBeGreaterThanOrEqual(240);
    expect(gap).toBeLessThan(1_000);
  });

  it('says the Retry-After in its state, and caps a huge one', async () => {
    const c = await consoleAnswering([{ status: 429, headers: { 'retry-after': '86400' } }]);
    server = c.server;
    feed = start(c.url);
    await expect.poll(() => feed?.state.lastError ?? null, { timeout: 2_000 }).toBe('console answered HTTP 429 (Retry-After 86400 s)');
    expect(feed.state.state).toBe('backoff');
  });
});
