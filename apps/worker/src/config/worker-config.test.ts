import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { readWorkerConfig } from './worker-config';

const dirs: string[] = [];
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gatehouse-worker-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('readWorkerConfig', () => {
  it('applies the documented defaults', () => {
    const c = readWorkerConfig({ GATEHOUSE_DATA_DIR: dataDir() });
    expect(c).toMatchObject({ consoleUrl: 'http://127.0.0.1:3000', bindAddress: '0.0.0.0', adminBind: '127.0.0.1', adminPort: 9901, waitSeconds: 25, controllerName: 'gatehouse.dev/gateway-controller' });
  });

  it('prefers GATEHOUSE_WORKER_TOKEN, else reads <data dir>/worker-token on every call', () => {
    const dir = dataDir();
    expect(readWorkerConfig({ GATEHOUSE_DATA_DIR: dir, GATEHOUSE_WORKER_TOKEN: 'from-env' }).readToken()).toBe('from-env');
    const fromFile = readWorkerConfig({ GATEHOUSE_DATA_DIR: dir });
    expect(fromFile.readToken()).toBeNull();
    writeFileSync(join(dir, 'worker-token'), 'from-file\n');
    expect(fromFile.readToken()).toBe('from-file');
  });

  it('keeps a stable worker id in the data directory', () => {
    const dir = dataDir();
    const first = readWorkerConfig({ GATEHOUSE_DATA_DIR: dir }).workerId;
    expect(readWorkerConfig({ GATEHOUSE_DATA_DIR: dir }).workerId).toBe(first);
    expect(readFileSync(join(dir, 'worker-id'), 'utf8').trim()).toBe(first);
    expect(readWorkerConfig({ GATEHOUSE_DATA_DIR: dir, GATEHOUSE_WORKER_ID: 'pinned' }).workerId).toBe('pinned');
  });

  it('reads the access log settings: off by default, json with a sampling share in 0..1', () => {
    expect(readWorkerConfig({ GATEHOUSE_DATA_DIR: dataDir() }).accessLog).toEqual({ mode: 'off', sample: 1 });
    expect(readWorkerConfig({ GATEHOUSE_DATA_DIR: dataDir(), GATEHOUSE_WORKER_ACCESS_LOG: 'json', GATEHOUSE_WORKER_ACCESS_LOG_SAMPLE: '0.25' }).accessLog).toEqual({ mode: 'json', sample: 0.25 });
    for (const bad of [{ GATEHOUSE_WORKER_ACCESS_LOG: 'text' }, { GATEHOUSE_WORKER_ACCESS_LOG_SAMPLE: '1.5' }, { GATEHOUSE_WORKER_ACCESS_LOG_SAMPLE: 'half' }]) {
      expect(() => readWorkerConfig({ GATEHOUSE_DATA_DIR: dataDir(), ...bad })).toThrow(Object.keys(bad)[0]);
    }
  });

  it('runs one process per available core unless GATEHOUSE_WORKER_PROCESSES says otherwise', () => {
    const dir = dataDir();
    expect(readWorkerConfig({ GATEHOUSE_DATA_DIR: dir }).workerProcesses).toBe(availableParallelism());
    expect(readWorkerConfig({ GATEHOUSE_DATA_DIR: dir, GATEHOUSE_WORKER_PROCESSES: '1' }).workerProcesses).toBe(1);
    expect(readWorkerConfig({ GATEHOUSE_DATA_DIR: dir, GATEHOUSE_WORKER_PROCESSES: '3' }).workerProcesses).toBe(3);
    expect(() => readWorkerConfig({ GATEHOUSE_DATA_DIR: dir, GATEHOUSE_WORKER_PROCESSES: '0' })).toThrow(/GATEHOUSE_WORKER_PROCESSES/);
  });

  it('reads the listener limits, trusted proxies and drain deadline, with documented defaults', () => {
    const d = readWorkerConfig({ GATEHOUSE_DATA_DIR: dataDir() });
    expect(d.limits).toEqual({ maxHeaderBytes: 16_384, maxHeaderCount: 100, headerTimeoutMs: 10_000, requestTimeoutMs: 120_000, idleTimeoutMs: 30_000, h2MaxConcurrentStreams: 100, maxBodyBytes: null });
    expect([d.trustedProxies, d.drainTimeoutMs]).toEqual([[], 10_000]);
    const c = readWorkerConfig({
      GATEHOUSE_DATA_DIR: dataDir(),
      GATEHOUSE_WORKER_MAX_HEADER_BYTES: '8192',
      GATEHOUSE_WORKER_MAX_HEADERS: '50',
      GATEHOUSE_WORKER_HEADER_TIMEOUT_MS: '5000',
      GATEHOUSE_WORKER_REQUEST_TIMEOUT_MS: '1000',
      GATEHOUSE_WORKER_IDLE_TIMEOUT_MS: '2000',
      GATEHOUSE_WORKER_H2_MAX_STREAMS: '10',
      GATEHOUSE_WORKER_TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1 ,fd00::/8',
      GATEHOUSE_WORKER_DRAIN_TIMEOUT_MS: '3000',
    });
    // The request timeout is never below the header timeout (node:http refuses that).
    expect(c.limits).toEqual({ maxHeaderBytes: 8192, maxHeaderCount: 50, headerTimeoutMs: 5000, requestTimeoutMs: 5000, idleTimeoutMs: 2000, h2MaxConcurrentStreams: 10, maxBodyBytes: null });
    expect([c.trustedProxies, c.drainTimeoutMs]).toEqual([['10.0.0.0/8', '127.0.0.1', 'fd00::/8'], 3000]);
    for (const bad of ['10.0.0.0/33', 'example.com', '10.0.0.1/8/1']) {
      expect(() => readWorkerConfig({ GATEHOUSE_DATA_DIR: dataDir(), GATEHOUSE_WORKER_TRUSTED_PROXIES: bad }), bad).toThrow(/GATEHOUSE_WORKER_TRUSTED_PROXIES/);
    }
  });

  it('reads the request-body limit (none by default) and the upstream TLS session cache size', () => {
    const d = readWorkerConfig({ GATEHOUSE_DATA_DIR: dataDir() });
    expect([d.limits.maxBodyBytes, d.upstreamTlsSessions]).toEqual([null, 1_000]);
    const c = readWorkerConfig({ GATEHOUSE_DATA_DIR: dataDir(), GATEHOUSE_WORKER_MAX_BODY_BYTES: '1048576', GATEHOUSE_WORKER_UPSTREAM_TLS_SESSIONS: '0' });
    expect([c.limits.maxBodyBytes, c.upstreamTlsSessions]).toEqual([1_048_576, 0]);
    for (const bad of ['-1', 'lots', '1.5']) {
      expect(() => readWorkerConfig({ GATEHOUSE_DATA_DIR: dataDir(), GATEHOUSE_WORKER_MAX_BODY_BYTES: bad }), bad).toThrow(/GATEHOUSE_WORKER_MAX_BODY_BYTES/);
    }
  });

  it('refuses a bad environment with DomainError details by variable', () => {
    try {
      readWorkerConfig({ GATEHOUSE_WORKER_ADMIN_PORT: '70000', GATEHOUSE_CONSOLE_URL: 'not a url' });
      expect.unreachable();
    } catch (err) {
      expect(isDomainError(err) && err.code).toBe('invalid');
      const paths = isDomainError(err) ? err.details.map((d) => d.path) : [];
      expect(paths).toEqual(expect.arrayContaining(['GATEHOUSE_WORKER_ADMIN_PORT', 'GATEHOUSE_CONSOLE_URL']));
    }
  });

  it('chooses the engine with GATEHOUSE_WORKER_ENGINE (node by default) and checks the HAProxy binary at start', () => {
    expect(readWorkerConfig({ GATEHOUSE_DATA_DIR: dataDir() })).toMatchObject({ engine: 'node', haproxyBin: 'haproxy' });
    // The Node engine needs no HAProxy, whatever GATEHOUSE_HAPROXY_BIN says.
    expect(readWorkerConfig({ GATEHOUSE_DATA_DIR: dataDir(), GATEHOUSE_HAPROXY_BIN: '/nonexistent/haproxy' }).engine).toBe('node');
    expect(() => readWorkerConfig({ GATEHOUSE_DATA_DIR: dataDir(), GATEHOUSE_WORKER_ENGINE: 'envoy' })).toThrow(/GATEHOUSE_WORKER_ENGINE/);
    for (const [bin, why] of [['/nonexistent/haproxy', /"\/nonexistent\/haproxy" not found/], ['/bin/true', /does not look like HAProxy/]] as const) {
      try {
        readWorkerConfig({ GATEHOUSE_DATA_DIR: dataDir(), GATEHOUSE_WORKER_ENGINE: 'haproxy', GATEHOUSE_HAPROXY_BIN: bin });
        expect.unreachable();
      } catch (err) {
        expect(isDomainError(err) && err.details.map((d) => d.path)).toEqual(['GATEHOUSE_HAPROXY_BIN']);
        expect((err as Error).message).toMatch(why);
      }
    }
  });
});
