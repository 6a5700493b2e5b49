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
});
