import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseProvider } from '@gatehouse/db/open-database';
import { createTestDatabase, isPostgresSkipped, TEST_DATABASE_PROVIDERS, type TestDatabase } from '@gatehouse/db/testing/test-databases';
import { BACKUP_TABLES, TABLE_NAMES } from '../src/server/backup/backup-archive';
import { createBackup, tableOf } from '../src/server/backup/backup.service';
import { restoreBackup } from '../src/server/backup/restore.service';
import { decodeKeyMaterial, deriveMasterKey } from '../src/server/secrets/master-key';
import type { Db, Tx } from '../src/server/store/db';
import { createHarness, seedHeredocs, type Harness } from './support/console-harness';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);
const KEY_MATERIAL = randomBytes(32).toString('base64');
const KEY = deriveMasterKey(decodeKeyMaterial(KEY_MATERIAL));
const OTHER_KEY = deriveMasterKey(randomBytes(32));
const SECRET_VALUE = 's3cr3t-value-for-backup';

async function script(name: string, env: Record<string, string>, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', name), ...args], {
      cwd: ROOT, env: { ...process.env, GATEHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'gatehouse-backup-cli-')), ...env },
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** A realistic instance: the seed scenario, a Secret, a CA and a server certificate with keys, a user, a cluster. */
async function buildInstance(h: Harness): Promise<void> {
  // The seed's three documents; the first also holds a Deployment, which is not a Gatehouse kind: its Service only.
  const docs = seedHeredocs();
  const r = await h.call('POST', '/api/v1/apply?namespace=httpbin', { body: [docs[0]!.split(/^---$/m)[1]!, docs[1], docs[2]].join('\n---\n'), contentType: 'application/yaml' });
  expect(r.status, r.text).toBe(200);
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'backup-secret' }, type: 'Opaque', stringData: { password: SECRET_VALUE } };
  expect((await h.call('POST', '/api/v1/namespaces/httpbin/secrets', { body: secret })).status).toBe(201);
  const ca = await h.call('POST', '/api/v1/certificates/root-ca', { body: { subject: { commonName: 'backup CA' } } });
  expect(ca.status, ca.text).toBe(201);
  const server = await h.call('POST', '/api/v1/certificates/issue', { body: { issuerId: ca.json.id, sans: ['foo.example.com'] } });
  expect(server.status, server.text).toBe(201);
  expect((await h.call('POST', `/api/v1/certificates/${server.json.id}/bindings`, { body: { shape: 'tls', namespace: 'httpbin', name: 'foo-tls' } })).status).toBe(201);
  expect((await h.call('POST', '/api/v1/users', { body: { username: 'alice', password: 'correct horse battery staple', role: 'editor' } })).status).toBe(201);
  const kubeconfig = [
    'apiVersion: v1', 'kind: Config', 'current-context: prod',
    'clusters: [{name: prod, cluster: {server: "https://127.0.0.1:1"}}]',
    'users: [{name: admin, user: {token: kubeconfig-token-for-backup}}]',
    'contexts: [{name: prod, context: {cluster: prod, user: admin}}]',
  ].join('\n');
  const cluster = await h.call('POST', '/api/v1/clusters', { body: { name: 'prod', kubeconfig } });
  expect(cluster.status, cluster.text).toBe(201);
}

/** Every table, every row, in primary-key order. */
async function dump(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLE_NAMES) {
    out[t] = await tableOf(db.prisma as unknown as Tx, t).findMany({ orderBy: BACKUP_TABLES[t].map((c) => ({ [c]: 'asc' as const })), skip: 0, take: 100_000 });
  }
  return out;
}

async function rowCount(db: Db): Promise<number> {
  let n = 0;
  for (const t of TABLE_NAMES) n += await tableOf(db.prisma as unknown as Tx, t).count();
  return n;
}

/** Rewrites an archive's lines and recomputes its end marker, so only the content is wrong, not the framing. */
function rewriteArchive(file: string, out: string, edit: (lines: string[]) => string[]): void {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
  const body = edit(lines.slice(0, -1));
  const trailer = JSON.parse(lines[lines.length - 1]!) as { counts: Record<string, number> };
  const counts: Record<string, number> = {};
  for (const l of body.slice(1)) counts[JSON.parse(l).m] = (counts[JSON.parse(l).m] ?? 0) + 1;
  const sha = createHash('sha256').update(body.map((l) => l + '\n').join('')).digest('hex');
  writeFileSync(out, gzipSync(body.join('\n') + '\n' + JSON.stringify({ ...trailer, counts, sha256: sha }) + '\n'));
}

const block = (p: DatabaseProvider) => (p === 'postgresql' && isPostgresSkipped() ? describe.skip : describe);

for (const provider of TEST_DATABASE_PROVIDERS) {
  block(provider)(`backup and restore on ${provider}`, () => {
    let source: TestDatabase;
    let h: Harness;
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-backup-test-'));
    const archive = join(dir, 'instance.backup.gz');
    beforeAll(async () => {
      source = await createTestDatabase(provider);
      h = await createHarness(source.db, { GATEHOUSE_MASTER_KEY: KEY_MATERIAL });
      await buildInstance(h);
      await createBackup(source.db, KEY, archive, new Date());
    }, 120_000);
    afterAll(async () => source?.dispose());

    it('holds every table, encrypted values only as envelopes, and not the master key', () => {
      const text = gunzipSync(readFileSync(archive)).toString('utf8');
      const tables = new Set(text.trimEnd().split('\n').slice(1, -1).map((l) => JSON.parse(l).m));
      for (const t of ['Resource', 'AuditEvent', 'Certificate', 'SecretBinding', 'User', 'Cluster', 'ApiToken', 'StoreRevision']) expect(tables).toContain(t);
      expect(text).not.toContain(SECRET_VALUE);
      expect(text).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));
      expect(text).not.toContain('kubeconfig-token-for-backup');
      expect(text).not.toContain('PRIVATE KEY');
      expect(text).not.toContain(KEY_MATERIAL);
      expect(text).toContain(`"gh1.${KEY.id}.`);
      expect(statSync(archive).mode & 0o777).toBe(0o600);
    });

    it('restores into an empty instance: same rows in every table, chain verifying, values readable', async () => {
      const target = await createTestDatabase(provider);
      try {
        const result = await restoreBackup(target.db, KEY, archive);
        expect(result.audit.intact).toBe(true);
        expect(await dump(target.db)).toEqual(await dump(source.db));
        const t = await createHarness(target.db, { GATEHOUSE_MASTER_KEY: KEY_MATERIAL });
        expect((await t.call('GET', '/api/v1/audit-events/verify')).json).toMatchObject({ intact: true });
        const secret = await t.call('GET', '/api/v1/export?namespace=httpbin&includeSecretValues=true');
        expect(secret.text).toContain(Buffer.from(SECRET_VALUE).toString('base64'));
        const certs = await t.call('GET', '/api/v1/certificates');
        const server = certs.json.items.find((c: { sans: { dns: string[] } }) => c.sans.dns.includes('foo.example.com'));
        expect((await t.call('GET', `/api/v1/certificates/${server.id}/export?what=privateKey`)).text).toContain('PRIVATE KEY');
        expect((await t.call('POST', '/api/v1/session', { token: null, body: { username: 'alice', password: 'correct horse battery staple' } })).status).toBe(200);
        expect((await t.call('GET', '/api/v1/clusters')).json.items.map((c: { name: string }) => c.name)).toEqual(['prod']);
      } finally {
        await target.dispose();
      }
    }, 120_000);

    it('refuses a wrong master key, a non-empty target (unless forced) and corrupt archives, changing nothing', async () => {
      const target = await createTestDatabase(provider);
      try {
        await expect(restoreBackup(target.db, OTHER_KEY, archive)).rejects.toThrow(/wrong master key: .* encrypted under master key [0-9a-f]{8}, this instance has key/);
        expect(await rowCount(target.db)).toBe(0);

        // Not empty: something a person made.
        const t = await createHarness(target.db, { GATEHOUSE_MASTER_KEY: KEY_MATERIAL });
        expect((await t.call('POST', '/api/v1/namespaces/other/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mine' } } })).status).toBe(201);
        const before = await dump(target.db);
        await expect(restoreBackup(target.db, KEY, archive)).rejects.toThrow(/target instance is not empty \(Resource: 2.*pass --force/);
        expect(await dump(target.db)).toEqual(before);

        // Truncated, bit-flipped, edited without fixing the checksum: refused in the first pass.
        const raw = readFileSync(archive);
        const truncated = join(dir, 'truncated.gz');
        writeFileSync(truncated, raw.subarray(0, Math.floor(raw.length * 0.6)));
        await expect(restoreBackup(target.db, KEY, truncated, { force: true })).rejects.toThrow(/not a usable Gatehouse backup/);
        const flipped = join(dir, 'flipped.gz');
        const copy = Buffer.from(raw);
        copy[Math.floor(copy.length / 2)]! ^= 0xff;
        writeFileSync(flipped, copy);
        await expect(restoreBackup(target.db, KEY, flipped, { force: true })).rejects.toThrow(/not a usable Gatehouse backup/);
        const edited = join(dir, 'edited.gz');
        writeFileSync(edited, gzipSync(gunzipSync(raw).toString('utf8').replace('"alice"', '"mallory"')));
        await expect(restoreBackup(target.db, KEY, edited, { force: true })).rejects.toThrow(/checksum does not match/);
        // A swapped ciphertext (right framing, wrong row): refused before writing, naming the row.
        const swapped = join(dir, 'swapped.gz');
        rewriteArchive(archive, swapped, (lines) => lines.map((l) => (l.includes('"m":"Cluster"') ? l.replace(/"id":"[^"]+"/, '"id":"someone-else"') : l)));
        await expect(restoreBackup(target.db, KEY, swapped, { force: true })).rejects.toThrow(/Cluster someone-else: the kubeconfig does not decrypt/);
        // A row that fails only on insert (a duplicate primary key): the deletes and inserts before it roll back.
        const duplicate = join(dir, 'duplicate.gz');
        rewriteArchive(archive, duplicate, (lines) => [...lines, lines.find((l) => l.includes('"m":"User"'))!]);
        await expect(restoreBackup(target.db, KEY, duplicate, { force: true })).rejects.toThrow();
        expect(await dump(target.db)).toEqual(before);

        // Forced: replaced, and then identical to the source.
        const forced = await restoreBackup(target.db, KEY, archive, { force: true });
        expect(forced.replaced.join()).toMatch(/Resource: 2/);
        expect(await dump(target.db)).toEqual(await dump(source.db));
      } finally {
        await target.dispose();
      }
    }, 120_000);
  });
}

block('postgresql')('SQLite → PostgreSQL with npm run backup / npm run restore', () => {
  it('moves an instance between engines with the same rows, ids and hashes', async () => {
    const source = await createTestDatabase('sqlite');
    const target = await createTestDatabase('postgresql');
    try {
      const h = await createHarness(source.db, { GATEHOUSE_MASTER_KEY: KEY_MATERIAL });
      await buildInstance(h);
      const file = join(mkdtempSync(join(tmpdir(), 'gatehouse-migrate-')), 'to-postgres.backup.gz');
      const backup = await script('backup.ts', { DATABASE_URL: source.url, GATEHOUSE_MASTER_KEY: KEY_MATERIAL }, [file]);
      expect(backup.code, backup.out).toBe(0);
      expect(backup.out).toMatch(/backup written to .*: Resource \d+, StoreRevision 1, AuditEvent \d+/);
      const wrong = await script('restore.ts', { DATABASE_URL: target.url, GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64') }, [file]);
      expect(wrong.code).toBe(1);
      expect(wrong.out).toMatch(/restore refused, nothing was changed: wrong master key/);
      expect(await rowCount(target.db)).toBe(0);
      const restore = await script('restore.ts', { DATABASE_URL: target.url, GATEHOUSE_MASTER_KEY: KEY_MATERIAL }, [file]);
      expect(restore.code, restore.out).toBe(0);
      expect(restore.out).toMatch(/restored .* \(sqlite backup of .*\) into postgresql: .*audit chain intact/s);
      expect(await dump(target.db)).toEqual(await dump(source.db));
      const again = await script('restore.ts', { DATABASE_URL: target.url, GATEHOUSE_MASTER_KEY: KEY_MATERIAL }, [file]);
      expect(again.code).toBe(1);
      expect(again.out).toMatch(/not empty/);
      // The restored PostgreSQL instance keeps working: a new write continues the chain and the ids.
      const t = await createHarness(target.db, { GATEHOUSE_MASTER_KEY: KEY_MATERIAL });
      expect((await t.call('POST', '/api/v1/namespaces/after/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'next' } } })).status).toBe(201);
      expect((await t.call('GET', '/api/v1/audit-events/verify')).json).toMatchObject({ intact: true });
      const verify = await script('audit-verify.ts', { DATABASE_URL: target.url }, []);
      expect(verify.code, verify.out).toBe(0);
    } finally {
      await source.dispose();
      await target.dispose();
    }
  }, 180_000);
});
