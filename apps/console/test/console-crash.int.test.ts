/**
 * A console process killed with SIGKILL in the middle of an apply of 500 objects (issue 11 §6): the apply is one
 * transaction, so after a restart either every object is there or none is, and the audit chain verifies. Run on
 * SQLite and PostgreSQL, with real processes and real HTTP.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isWriteLockHeld } from '@gatehouse/db/testing/write-lock-probe';
import { createTestDatabase, isPostgresSkipped, TEST_DATABASE_PROVIDERS, type TestDatabase } from '@gatehouse/db/testing/test-databases';
import { freePort, REPO_ROOT, runProcess, type Running, waitFor } from '../../../scripts/scenario/processes';

const TOKEN = 'gh_crash-test-admin-token-0123456789';
const OBJECTS = 500;

function manifests(namespace: string): unknown[] {
  return Array.from({ length: OBJECTS }, (_, i) => ({
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace, name: `cm-${i}`, labels: { batch: namespace } },
    data: { index: String(i) },
  }));
}

async function startConsole(url: string, dataDir: string, masterKey: string): Promise<Running & { base: string }> {
  const port = await freePort();
  // `node --import tsx`, not the tsx CLI: the CLI runs the script in a child process, which a SIGKILL of the CLI
  // would leave running (and the apply would finish).
  const proc = runProcess('console', ['--import', 'tsx', join(REPO_ROOT, 'apps/console/test/support/console-process.ts')], {
    env: { DATABASE_URL: url, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_BOOTSTRAP_TOKEN: TOKEN, GATEHOUSE_MASTER_KEY: masterKey, PORT: String(port), GATEHOUSE_LOG_LEVEL: 'warn',
      GATEHOUSE_CERT_RENEW_INTERVAL: '0', GATEHOUSE_DRIFT_INTERVAL: '0', GATEHOUSE_NOTIFY_INTERVAL: '0' },
  });
  await waitFor('the console process listens', async () => (proc.output().includes('listening') ? true : undefined), 60_000, proc);
  return { ...proc, base: `http://127.0.0.1:${port}` };
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read loose JSON
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function countIn(base: string, namespace: string): Promise<number> {
  const r = await call(base, 'GET', `/api/v1/namespaces/${namespace}/configmaps?limit=1000`);
  expect(r.status).toBe(200);
  return (r.json.items as unknown[]).length;
}

for (const provider of TEST_DATABASE_PROVIDERS) {
  const block = provider === 'postgresql' && isPostgresSkipped() ? describe.skip : describe;
  block(`console SIGKILLed mid-apply on ${provider}`, () => {
    let t: TestDatabase;
    let dataDir: string;
    let current: (Running & { base: string }) | undefined;
    const masterKey = randomBytes(32).toString('base64');

    afterAll(async () => {
      await current?.stop();
      await t?.dispose();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it(`leaves all ${OBJECTS} objects or none, and a chain that verifies`, async () => {
      t = await createTestDatabase(provider);
      dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-crash-'));
      current = await startConsole(t.url, dataDir, masterKey);

      // Objects from before the crash, which must survive it.
      const warm = await call(current.base, 'POST', '/api/v1/apply', manifests('warm'));
      expect(warm.status, JSON.stringify(warm.json)).toBe(200);

      const victim = current;
      const sent = performance.now();
      let answered = false;
      const pending = call(victim.base, 'POST', '/api/v1/apply', manifests('crash')).then(
        (r) => ((answered = true), { answered: r.status }),
        (e: unknown) => ({ failed: String(e) }),
      );
      // Kill once the apply's transaction has held the write lock for a while (rows written, nothing committed),
      // and only while it still holds it.
      let heldSince: number | undefined;
      for (;;) {
        if (answered) throw new Error(`the apply finished before the kill: ${JSON.stringify(await pending)}`);
        const held = await isWriteLockHeld(t.db);
        heldSince = held ? (heldSince ?? performance.now()) : undefined;
        if (heldSince !== undefined && performance.now() - heldSince > 300) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      process.kill(victim.child.pid!, 'SIGKILL');
      const killedAfter = performance.now() - sent;
      const heldFor = performance.now() - heldSince;
      const outcome = await pending;
      console.log(`[crash] ${provider}: SIGKILL ${killedAfter.toFixed(0)} ms after sending the apply, its transaction open for ≥ ${heldFor.toFixed(0)} ms; request ${JSON.stringify(outcome)}`);
      // The kill came before the answer: the client saw the connection drop.
      expect(outcome).toHaveProperty('failed');
      await victim.stop();

      current = await startConsole(t.url, dataDir, masterKey);
      const after = await countIn(current.base, 'crash');
      console.log(`[crash] ${provider}: after restart ${after} of ${OBJECTS} objects`);
      expect([0, OBJECTS]).toContain(after);
      expect(await countIn(current.base, 'warm')).toBe(OBJECTS);
      const verified = await call(current.base, 'GET', '/api/v1/audit-events/verify');
      expect(verified.json).toMatchObject({ intact: true });

      // And the console goes on: the same apply now succeeds whole.
      const again = await call(current.base, 'POST', '/api/v1/apply', manifests('crash'));
      expect(again.status).toBe(200);
      expect(await countIn(current.base, 'crash')).toBe(OBJECTS);
      expect((await call(current.base, 'GET', '/api/v1/audit-events/verify')).json).toMatchObject({ intact: true });
    }, 240_000);
  });
}
