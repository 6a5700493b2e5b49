import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, isPostgresSkipped, TEST_DATABASE_PROVIDERS, type TestDatabase } from '@gatehouse/db/testing/test-databases';
import { appendAuditEvent } from '../src/server/audit/audit.repo';
import { ARCHIVED_HEAD_KEY } from '../src/server/audit/audit-chain';
import { systemContext } from '../src/server/auth/principal';
import { RevisionBus } from '../src/server/feed/revision-bus';
import { deriveMasterKey } from '../src/server/secrets/master-key';
import { runWrite } from '../src/server/services/write-transaction';
import { createContextInner } from '../src/server/trpc/init';
import { createCaller } from '../src/server/trpc/root';
import { createHarness, type Harness } from './support/console-harness';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);

/** Runs a repository script the way `npm run` does, against the test database; returns exit code and output. */
async function script(name: string, url: string, args: string[] = []): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', name), ...args], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: url, GATEHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'gatehouse-audit-cli-')) },
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

type Row = Record<string, unknown> & { id: number };

for (const provider of TEST_DATABASE_PROVIDERS) {
  const block = provider === 'postgresql' && isPostgresSkipped() ? describe.skip : describe;
  block(`audit chain on ${provider}`, () => {
    let t: TestDatabase;
    let h: Harness;
    beforeAll(async () => {
      t = await createTestDatabase(provider);
      h = await createHarness(t.db);
      for (let i = 0; i < 6; i++) {
        const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}` }, spec: { ports: [{ port: 80 + i }] } };
        expect((await h.call('POST', '/api/v1/namespaces/tamper/services', { body: svc })).status).toBe(201);
      }
    });
    afterAll(async () => t?.dispose());

    const sql = (text: string) => t.db.prisma.$executeRawUnsafe(text);
    const ids = async () => (await t.db.prisma.auditEvent.findMany({ orderBy: { id: 'asc' }, select: { id: true } })).map((r) => r.id);
    const verify = async () => (await h.call('GET', '/api/v1/audit-events/verify')).json;
    const putBack = (row: Row) => t.db.prisma.auditEvent.create({ data: row as never });

    it('is intact; REST, tRPC and the CLI agree', async () => {
      const viewer = await h.tokenFor('viewer'); // made first: a new token is an event too
      const r = await verify();
      expect(r).toMatchObject({ intact: true });
      expect(r.checked).toBe((await ids()).length);
      const trpc = createCaller(await createContextInner(h.rt, { headers: new Headers({ authorization: `Bearer ${viewer}` }) }));
      expect(await trpc.audit.verify()).toMatchObject({ intact: true, lastHash: r.lastHash });
      const cli = await script('audit-verify.ts', t.url);
      expect(cli.code).toBe(0);
      expect(cli.out).toMatch(/audit chain intact: \d+ event\(s\) verified from the genesis hash/);
      const doc = (await h.call('GET', '/api/v1/openapi.json', { token: null })).json;
      expect(doc.paths['/api/v1/audit-events/verify'].get.operationId).toBe('verifyAuditChain');
      expect(doc.paths['/api/v1/audit-events/prune'].post.operationId).toBe('pruneAuditEvents');
      expect(doc.paths['/api/v1/audit-events/export'].get.operationId).toBe('exportAuditEvents');
    });

    it('points at an edited event, by raw SQL', async () => {
      const all = await ids();
      const target = all[3]!;
      const original = await t.db.prisma.auditEvent.findUniqueOrThrow({ where: { id: target } });
      await sql(`UPDATE "AuditEvent" SET "actorName" = 'someone-else' WHERE id = ${target}`);
      expect(await verify()).toMatchObject({ intact: false, firstBrokenId: target, reason: expect.stringMatching(/content: the event was changed/) });
      const cli = await script('audit-verify.ts', t.url);
      expect(cli.code).toBe(1);
      expect(cli.out).toContain(`audit chain BROKEN at event ${target}: the stored hash does not match the event's content`);
      await sql(`UPDATE "AuditEvent" SET "actorName" = '${original.actorName}' WHERE id = ${target}`);
      expect((await verify()).intact).toBe(true);
    });

    it('points at the event after a deleted one', async () => {
      const all = await ids();
      const row = await t.db.prisma.auditEvent.findUniqueOrThrow({ where: { id: all[2]! } });
      await sql(`DELETE FROM "AuditEvent" WHERE id = ${all[2]}`);
      expect(await verify()).toMatchObject({ intact: false, firstBrokenId: all[3], reason: expect.stringMatching(/event \d+ before it: an event between them was deleted/) });
      await putBack(row);
      // The first event's removal is a different story: nothing before it, no archived head.
      const first = await t.db.prisma.auditEvent.findUniqueOrThrow({ where: { id: all[0]! } });
      await sql(`DELETE FROM "AuditEvent" WHERE id = ${all[0]}`);
      expect(await verify()).toMatchObject({ intact: false, firstBrokenId: all[1], reason: expect.stringMatching(/does not start from the genesis hash/) });
      await putBack(first);
      expect((await verify()).intact).toBe(true);
    });

    it('points at the first of two events whose ids were swapped', async () => {
      const all = await ids();
      const [a, b] = [all[1]!, all[4]!];
      const swap = async () => {
        await sql(`UPDATE "AuditEvent" SET id = -1 WHERE id = ${a}`);
        await sql(`UPDATE "AuditEvent" SET id = ${a} WHERE id = ${b}`);
        await sql(`UPDATE "AuditEvent" SET id = ${b} WHERE id = -1`);
      };
      await swap();
      expect(await verify()).toMatchObject({ intact: false, firstBrokenId: a, reason: expect.stringMatching(/deleted, or events were reordered/) });
      const cli = await script('audit-verify.ts', t.url, ['--json']);
      expect(cli.code).toBe(1);
      expect(JSON.parse(cli.out)).toMatchObject({ intact: false, firstBrokenId: a });
      await swap();
      expect((await verify()).intact).toBe(true);
    });

    it('prunes old events behind an archived head that keeps the rest verifiable, and still detects tampering', async () => {
      // Old events: written with a clock 40 days back, after the harness's own (so the prune cuts a prefix only when
      // the service events are old too): a fresh database for the clock to be monotonic.
      const fresh = await createTestDatabase(provider);
      try {
        const key = deriveMasterKey(Buffer.alloc(32, 7));
        const old = new Date(Date.now() - 40 * 86_400_000);
        const deps = { db: fresh.db, key, bus: new RevisionBus(), now: () => old };
        for (let i = 0; i < 5; i++) {
          await runWrite(deps, {}, (tx) => appendAuditEvent(tx, systemContext('old'), { action: 'create', ref: { group: '', kind: 'ConfigMap', namespace: 'old', name: `cm-${i}` }, message: `old ${i}` }, old));
        }
        const oldIds = (await fresh.db.prisma.auditEvent.findMany({ orderBy: { id: 'asc' } })).map((r) => r);
        const p = await createHarness(fresh.db);
        await p.call('POST', '/api/v1/namespaces/new/services', { body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kept' }, spec: { ports: [{ port: 80 }] } } });
        const v = async () => (await p.call('GET', '/api/v1/audit-events/verify')).json;

        // Only admins prune; a missing retention names the field.
        expect((await p.call('POST', '/api/v1/audit-events/prune', { token: await p.tokenFor('editor'), body: { olderThanDays: 30 } })).status).toBe(403);
        const missing = await p.call('POST', '/api/v1/audit-events/prune', { body: {} });
        expect(missing.status).toBe(400);
        expect(missing.json.details[0].path).toBe('olderThanDays');
        expect((await p.call('POST', '/api/v1/audit-events/prune', { body: { olderThanDays: 0 } })).json.details[0].path).toContain('olderThanDays');

        const pruned = await p.call('POST', '/api/v1/audit-events/prune', { body: { olderThanDays: 30 } });
        expect(pruned.status).toBe(200);
        const last = oldIds[oldIds.length - 1]!;
        expect(pruned.json).toMatchObject({ pruned: 5, archivedHead: { lastId: last.id, lastHash: last.hash } });
        expect(await fresh.db.prisma.auditEvent.count({ where: { id: { lte: last.id } } })).toBe(0);
        const pruneEvent = await fresh.db.prisma.auditEvent.findUniqueOrThrow({ where: { id: pruned.json.pruneEventId } });
        expect(pruneEvent.action).toBe('audit.prune');
        expect(JSON.parse(pruneEvent.after!).spec).toMatchObject({ lastId: last.id, lastHash: last.hash, pruned: 5 });

        const after = await v();
        expect(after).toMatchObject({ intact: true, archivedHead: { lastId: last.id } });
        const cli = await script('audit-verify.ts', fresh.url);
        expect(cli.code).toBe(0);
        expect(cli.out).toContain(`from the archived head (event ${last.id}`);

        // Tampering after the prune: an edit, a deleted first remaining event, a head moved to hide that deletion,
        // a head deleted.
        const remaining = (await fresh.db.prisma.auditEvent.findMany({ orderBy: { id: 'asc' } })) as Row[];
        const first = remaining[0]!;
        const fsql = (text: string) => fresh.db.prisma.$executeRawUnsafe(text);
        await fsql(`UPDATE "AuditEvent" SET "message" = 'nothing happened' WHERE id = ${remaining[2]!.id}`);
        expect(await v()).toMatchObject({ intact: false, firstBrokenId: remaining[2]!.id, reason: expect.stringMatching(/was changed/) });
        await fsql(`UPDATE "AuditEvent" SET "message" = ${remaining[2]!.message === null ? 'NULL' : `'${String(remaining[2]!.message).replace(/'/g, "''")}'`} WHERE id = ${remaining[2]!.id}`);
        expect((await v()).intact).toBe(true);

        await fsql(`DELETE FROM "AuditEvent" WHERE id = ${first.id}`);
        expect(await v()).toMatchObject({ intact: false, firstBrokenId: remaining[1]!.id, reason: expect.stringMatching(/does not continue from the archived head/) });
        const headRow = await fresh.db.prisma.instanceSetting.findUniqueOrThrow({ where: { key: ARCHIVED_HEAD_KEY } });
        await fsql(`UPDATE "InstanceSetting" SET value = '${JSON.stringify({ lastId: first.id, lastHash: first.hash })}' WHERE key = '${ARCHIVED_HEAD_KEY}'`);
        expect(await v()).toMatchObject({ intact: false, firstBrokenId: pruneEvent.id, reason: expect.stringMatching(/is not the checkpoint prune event \d+ recorded .*: the head was changed/) });
        await fsql(`UPDATE "InstanceSetting" SET value = '${headRow.value}' WHERE key = '${ARCHIVED_HEAD_KEY}'`);
        await fresh.db.prisma.auditEvent.create({ data: first as never });
        expect((await v()).intact).toBe(true);
        await fsql(`DELETE FROM "InstanceSetting" WHERE key = '${ARCHIVED_HEAD_KEY}'`);
        expect(await v()).toMatchObject({ intact: false, firstBrokenId: first.id, reason: expect.stringMatching(/genesis hash and there is no archived head/) });
        await fresh.db.prisma.instanceSetting.create({ data: headRow });

        // A second prune by the CLI (everything older than a day: nothing, the remaining events are new) and one
        // through tRPC that finds nothing either; the chain stays intact.
        const cliPrune = await script('audit-prune.ts', fresh.url, ['1']);
        expect(cliPrune.code).toBe(0);
        expect(cliPrune.out).toMatch(/nothing to prune/);
        const trpc = createCaller(await createContextInner(p.rt, { headers: new Headers({ authorization: `Bearer ${await p.tokenFor('admin')}` }) }));
        expect(await trpc.audit.prune({ olderThanDays: 1 })).toMatchObject({ pruned: 0 });
        expect((await v()).intact).toBe(true);
        // Pruning everything but the prune event itself: the clock moves 10 days on.
        p.rt.now = () => new Date(Date.now() + 10 * 86_400_000);
        const before = await fresh.db.prisma.auditEvent.count();
        const all = await p.call('POST', '/api/v1/audit-events/prune', { body: { olderThanDays: 5 } });
        expect(all.json.pruned).toBe(before);
        expect(await fresh.db.prisma.auditEvent.count()).toBe(1);
        expect(await v()).toMatchObject({ intact: true, checked: 1, archivedHead: { lastId: all.json.archivedHead.lastId } });
      } finally {
        await fresh.dispose();
      }
    }, 120_000);
  });
}
