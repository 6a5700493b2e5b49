/**
 * Fresh, migrated test databases on both providers, for any package's tests:
 *
 *   import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
 *   forEachDatabase((t) => {
 *     it('stores a route', async () => {
 *       await t.db.prisma.resource.create({ ... });   // runs once on SQLite, once on PostgreSQL
 *     });
 *   });
 *
 * Each forEachDatabase call makes one database per provider for the enclosing file (beforeAll) and drops it
 * (afterAll): SQLite in a temp dir, PostgreSQL as `CREATE DATABASE gh_test_…` on the run's server (see
 * vitest-global-setup.ts). Tests in one file share it, so give rows unique keys or clean up. For a database per
 * test, call createTestDatabase() yourself.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { migrate } from '../migrate';
import { openDatabase, type Database, type DatabaseProvider } from '../open-database';
import type { ProvidedPostgres } from './provided-postgres';
import './provided-postgres';

export const TEST_DATABASE_PROVIDERS: readonly DatabaseProvider[] = ['sqlite', 'postgresql'];

export interface TestDatabase {
  readonly provider: DatabaseProvider;
  readonly db: Database;
  /** The URL the database was opened with (`file:…` or `postgresql://…`). */
  readonly url: string;
  /** Closes the database and deletes it (temp dir / DROP DATABASE). */
  dispose(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Apply the migrations (default true). */
  migrate?: boolean;
  /** Overrides the migrations folder (migrator tests). */
  migrationsDir?: string;
}

/** The PostgreSQL superuser URL for this run, or throws why there is none. */
export function testPostgresUrl(): string {
  const fromEnv = process.env.GATEHOUSE_TEST_POSTGRES_URL?.trim();
  if (fromEnv) return fromEnv;
  let provided: ProvidedPostgres | undefined;
  try {
    provided = inject('gatehousePostgres');
  } catch {
    provided = undefined; // not inside a vitest worker
  }
  if (provided?.state === 'ready') return provided.url;
  if (provided?.state === 'failed') throw new Error(`PostgreSQL test server unavailable: ${provided.error}`);
  if (provided?.state === 'skipped') throw new Error('PostgreSQL tests are skipped (GATEHOUSE_TEST_SKIP_POSTGRES=1)');
  throw new Error(
    'No PostgreSQL for tests: run under vitest with packages/db/src/testing/vitest-global-setup.ts as globalSetup, ' +
      'or set GATEHOUSE_TEST_POSTGRES_URL',
  );
}

/** Whether PostgreSQL tests were explicitly skipped for this run (and only then). */
export function isPostgresSkipped(): boolean {
  if (process.env.GATEHOUSE_TEST_SKIP_POSTGRES === '1') return true;
  try {
    return inject('gatehousePostgres')?.state === 'skipped';
  } catch {
    return false;
  }
}

/** Makes one fresh database, migrated unless told otherwise. */
export async function createTestDatabase(
  provider: DatabaseProvider,
  options: CreateTestDatabaseOptions = {},
): Promise<TestDatabase> {
  const created = provider === 'postgresql' ? await createPostgresDatabase() : await createSqliteDirectory();
  let db: Database | undefined;
  try {
    db = await openDatabase({ url: created.url, dataDir: created.dataDir, migrationsDir: options.migrationsDir, poolMax: 5 });
    if (options.migrate ?? true) await migrate(db);
  } catch (e) {
    await db?.close().catch(() => undefined);
    await created.drop().catch(() => undefined);
    throw e;
  }
  const opened = db;
  let disposed: Promise<void> | undefined;
  return {
    provider,
    db: opened,
    url: created.url,
    dispose() {
      disposed ??= opened.close().finally(() => created.drop());
      return disposed;
    },
  };
}

interface CreatedStorage {
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

async function createSqliteDirectory(): Promise<CreatedStorage> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-sqlite-'));
  const file = join(dir, 'gatehouse.db');
  return { url: `file:${file}`, dataDir: dir, drop: () => rm(dir, { recursive: true, force: true }) };
}

async function createPostgresDatabase(): Promise<CreatedStorage> {
  const adminUrl = testPostgresUrl();
  const name = `gh_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir: tmpdir(), // unused for PostgreSQL
    // FORCE: a test that failed mid-way may have left a connection open.
    drop: () => withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

async function withAdmin(url: string, fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

/** The database of the enclosing describe block; `db` throws if read before beforeAll has run. */
export interface TestDatabaseHandle {
  readonly provider: DatabaseProvider;
  readonly db: Database;
}

/**
 * Registers beforeAll/afterAll in the current describe block that make and drop a fresh migrated database for
 * `provider`; for `describe.each(TEST_DATABASE_PROVIDERS)` style suites.
 */
export function useTestDatabase(provider: DatabaseProvider, options: CreateTestDatabaseOptions = {}): TestDatabaseHandle {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await createTestDatabase(provider, options);
  });
  afterAll(async () => {
    await current?.dispose();
    current = undefined;
  });
  return {
    provider,
    get db(): Database {
      if (!current) throw new Error(`the ${provider} test database is not open (use it inside a test or hook)`);
      return current.db;
    },
  };
}

/**
 * Declares the tests in `body` once per provider, in describe blocks named `sqlite` and `postgresql`. PostgreSQL
 * blocks are marked skipped only when GATEHOUSE_TEST_SKIP_POSTGRES=1; if PostgreSQL is missing otherwise, their
 * tests fail with the reason.
 */
export function forEachDatabase(body: (handle: TestDatabaseHandle) => void, options: CreateTestDatabaseOptions = {}): void {
  for (const provider of TEST_DATABASE_PROVIDERS) {
    const block = provider === 'postgresql' && isPostgresSkipped() ? describe.skip : describe;
    block(provider, () => body(useTestDatabase(provider, options)));
  }
}
