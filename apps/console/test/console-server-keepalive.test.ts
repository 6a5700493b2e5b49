import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEP_ALIVE_TIMEOUT_MS, startConsoleServer } from '../console-server.mjs';

/**
 * The console keeps idle keep-alive connections longer than a load balancer's idle timeout (60 s on the common ones),
 * so the balancer closes first. With Node's default (5 s) a request the balancer sends on a connection the console is
 * just closing is lost as a reset — seen as ECONNRESET by the e2e build-folder scan before this.
 */
describe('console server keep-alive', () => {
  let server: Awaited<ReturnType<typeof startConsoleServer>>['server'];
  let port: number;
  beforeAll(async () => {
    ({ server } = await startConsoleServer({ handle: (_req, res) => res.end('ok'), port: 0, host: '127.0.0.1' }));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  function get(agent: Agent): Promise<{ status: number; localPort: number }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
        const localPort = res.socket.localPort ?? 0;
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, localPort }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('outlasts a 60 s balancer idle timeout, and headers still have a deadline above it', () => {
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000);
    expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
  });

  it('answers a second request on a connection left idle longer than Node\'s default 5 s', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(agent);
      await new Promise((r) => setTimeout(r, 6_000));
      const second = await get(agent);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.localPort, 'the same connection was used again').toBe(first.localPort);
    } finally {
      agent.destroy();
    }
  }, 20_000);
});
