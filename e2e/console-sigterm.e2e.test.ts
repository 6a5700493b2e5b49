/**
 * SIGTERM drains the console as it runs in production (`next start`, issue 11 §6): a slow request in flight (an
 * apply of 1,000 objects) finishes and is stored whole, a feed long-poll answers at once instead of holding the
 * drain for its `wait`, new connections are refused, and the process exits. Builds the console first when there
 * is no build or the sources changed since (as `npm start` does).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, isPostgresSkipped, type TestDatabase } from '@gatehouse/db/testing/test-databases';
import { isWriteLockHeld } from '@gatehouse/db/testing/write-lock-probe';
import { freePort, REPO_ROOT, runProcess, type Running, waitFor } from '../scripts/scenario/processes';
import { newestSourceMtime } from '../scripts/console-build.mjs';

const TOKEN = 'gh_sigterm-admin-token-0123456789';
const WORKER_TOKEN = 'gh_sigterm-worker-token-0123456789';
const CONSOLE_DIR = join(REPO_ROOT, 'apps/console');
const NEXT_BIN = join(REPO_ROOT, 'node_modules/next/dist/bin/next');
const OBJECTS = 500;

function ensureBuild(): void {
  const buildId = join(CONSOLE_DIR, process.env.GATEHOUSE_NEXT_DIST_DIR || '.next', 'BUILD_ID');
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSourceMtime(REPO_ROOT)) return;
  const r = spawnSync(process.execPath, [NEXT_BIN, 'build'], { cwd: CONSOLE_DIR, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`next build failed (${r.status})`);
}

/** Whether a TCP connection to the port is refused (the listening socket is closed). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

// On PostgreSQL: with SQLite (better-sqlite3 is synchronous) a long apply keeps the event loop busy until it
// commits, so the signal is only handled after it — the drain is the same, but nothing can be seen mid-way.
const pgDescribe = isPostgresSkipped() ? describe.skip : describe;
pgDescribe('console (next start) on SIGTERM', () => {
  let t: TestDatabase;
  let dataDir: string;
  let proc: Running;
  let port: number;
  let base: string;

  beforeAll(async () => {
    ensureBuild();
    t = await createTestDatabase('postgresql');
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-sigterm-'));
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    proc = runProcess('console', [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: CONSOLE_DIR,
      env: { DATABASE_URL: t.url, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_BOOTSTRAP_TOKEN: TOKEN, GATEHOUSE_WORKER_TOKEN: WORKER_TOKEN, GATEHOUSE_LOG_LEVEL: 'warn' },
    });
    await waitFor('console /api/healthz', async () => ((await fetch(`${base}/api/healthz`)).ok ? true : undefined), 120_000, proc);
  }, 900_000);

  afterAll(async () => {
    await proc?.stop();
    await t?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes the apply in flight, answers the waiting feed at once, refuses new connections and exits', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const health = (await (await fetch(`${base}/api/healthz`)).json()) as { revision: number };
    const poll = fetch(`${base}/api/v1/feed/snapshot?after=${health.revision}&wait=30`, { headers: { authorization: `Bearer ${WORKER_TOKEN}` } }).then((r) => ({ status: r.status, at: performance.now() }));
    const body = Array.from({ length: OBJECTS }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'drain', name: `cm-${i}` }, data: { i: String(i) } }));
    const events: Record<string, number> = {};
    const apply = fetch(`${base}/api/v1/apply`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(async (r) => {
        events.applyHeaders = performance.now();
        const text = await r.text();
        events.applyBody = performance.now();
        return { status: r.status, results: (JSON.parse(text) as { results?: unknown[] }).results?.length ?? 0 };
      })
      .catch((e: unknown) => ((events.applyFailed = performance.now()), { status: 0, results: 0, error: String(e) }));
    // SIGTERM while the apply's transaction is open.
    await waitFor('the apply is writing', async () => ((await isWriteLockHeld(t.db)) ? true : undefined), 60_000, proc);
    const exited = new Promise<number | string | null>((r) => proc.child.once('exit', (code, signal) => r(code ?? signal)));
    const termAt = performance.now();
    process.kill(proc.child.pid!, 'SIGTERM');

    void exited.then(() => (events.exit = performance.now()));
    await waitFor('new connections are refused', async () => ((await refused(port)) ? true : undefined), 30_000);
    events.refused = performance.now();
    const polled = await poll;
    events.poll = polled.at;
    const applied = await apply;
    const code = await exited;
    const rel = Object.fromEntries(Object.entries(events).map(([k, v]) => [k, Math.round(v - termAt)]));
    console.log(`[sigterm] ms after SIGTERM: ${JSON.stringify(rel)}; feed ${polled.status}; apply ${JSON.stringify(applied)}; exit code ${code}`);

    expect(applied).toEqual({ status: 200, results: OBJECTS });
    expect(events.applyBody).toBeGreaterThan(events.refused!); // refused new connections while the apply was in flight
    expect(events.poll! - termAt).toBeLessThan(5000); // answered at the drain, not when its 30 s wait ran out
    expect(code).toBe(143); // next start exits 128 + SIGTERM after its drain
    const stored = await t.db.prisma.resource.count({ where: { namespace: 'drain' } });
    expect(stored).toBe(OBJECTS);
  }, 180_000);
});
