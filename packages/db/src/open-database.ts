/**
 * Opens Gatehouse's database: embedded SQLite by default, PostgreSQL when given a postgres:// URL. Both run the
 * Prisma client through a driver adapter (`engineType = "client"`: no native engine, environment-facts.md).
 */
import { mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import pg from 'pg';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { GuardedPool } from './guarded-pool';
import { listenToChannel, type ChannelHandlers, type ChannelListener } from './notify-channel';
import { MIGRATIONS_ROOT } from './paths';
import { gateSqliteTransactions } from './sqlite-transaction-gate';
import type { PrismaClient } from './prisma-client';

export type DatabaseProvider = 'sqlite' | 'postgresql';

interface DatabaseBase {
  /**
   * The Prisma client. On PostgreSQL this is the PostgreSQL client typed as the SQLite one: the schemas differ
   * only in provider, and the SQLite types are the narrower set (see prisma-client.ts), so one type serves both.
   */
  readonly prisma: PrismaClient;
  /** prisma/migrations/<provider>, resolved from this package's files (works from any cwd). */
  readonly migrationsDir: string;
  /** Disconnects Prisma and closes the driver (the pool on PostgreSQL). Safe to call twice. */
  close(): Promise<void>;
}
export interface SqliteDatabase extends DatabaseBase {
  readonly provider: 'sqlite';
  /** Absolute path of the database file (the migrator opens its own connection to it). */
  readonly file: string;
}
export interface PostgresDatabase extends DatabaseBase {
  readonly provider: 'postgresql';
  /** The pool shared by Prisma (adapter-pg) and the migrator. */
  readonly pool: pg.Pool;
  /**
   * LISTENs on `channel` over a dedicated session (reopened when lost; see notify-channel.ts). Ended by close(),
   * so a listener never outlives the database handle that made it.
   */
  listen(channel: string, handlers: ChannelHandlers): ChannelListener;
}
export type Database = SqliteDatabase | PostgresDatabase;

export interface OpenDatabaseOptions {
  /** `postgres://` / `postgresql://` → PostgreSQL; `file:<path>` or absent → SQLite. */
  url?: string | undefined;
  /** Where the default SQLite file lives (`${dataDir}/gatehouse.db`); created if missing. */
  dataDir: string;
  /** Overrides prisma/migrations/<provider> (tests, bundled deployments). */
  migrationsDir?: string | undefined;
  /** PostgreSQL pool size (default 10). */
  poolMax?: number | undefined;
}

/**
 * SQLite pragmas, per connection. WAL lets readers run while one writer commits; busy_timeout makes a second
 * process wait for the write lock instead of failing at once; foreign keys are off by default in SQLite;
 * synchronous=NORMAL is durable across application crashes in WAL mode (a power cut may lose the last commits).
 * @see https://www.sqlite.org/pragma.html
 * @see https://www.sqlite.org/wal.html
 */
export const SQLITE_PRAGMAS = ['journal_mode = WAL', 'busy_timeout = 5000', 'foreign_keys = ON', 'synchronous = NORMAL'];

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const url = options.url?.trim() || undefined;
  if (url && /^postgres(ql)?:\/\//i.test(url)) return openPostgres(url, options);
  if (url === undefined || url.startsWith('file:')) return openSqlite(sqliteFile(url, options.dataDir), options);
  throw new DomainError('invalid', 'unsupported database URL', [
    { path: 'url', message: 'expected postgres://, postgresql:// or file:<path> (or no URL for the embedded SQLite)' },
  ]);
}

function sqliteFile(url: string | undefined, dataDir: string): string {
  if (url === undefined) {
    mkdirSync(dataDir, { recursive: true });
    return resolve(dataDir, 'gatehouse.db');
  }
  const path = decodeURIComponent(url.slice('file:'.length).replace(/^\/\/(?=\/)/, '').replace(/\?.*$/, ''));
  if (path === '' || path.includes(':memory:')) {
    // The migrator opens a second connection to the file; an in-memory database would be a different one.
    throw new DomainError('invalid', 'in-memory SQLite is not supported', [{ path: 'url', message: 'give a file path' }]);
  }
  const file = isAbsolute(path) ? path : resolve(/*turbopackIgnore: true*/ process.cwd(), path);
  mkdirSync(join(file, '..'), { recursive: true });
  return file;
}

async function openSqlite(file: string, options: OpenDatabaseOptions): Promise<SqliteDatabase> {
  const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([
    import('./generated/sqlite/client'),
    import('@prisma/adapter-better-sqlite3'),
  ]);
  // `timeout` is better-sqlite3's busy timeout; the PRAGMA below says the same for readers of this code.
  // The gate keeps plain queries out of other callers' open transactions (see sqlite-transaction-gate.ts).
  const adapter = gateSqliteTransactions(new PrismaBetterSQLite3({ url: file, timeout: 5000 }));
  const prisma = new PrismaClient({ adapter });
  try {
    // The adapter keeps one connection per client, so pragmas set through Prisma hold for all its queries.
    for (const pragma of SQLITE_PRAGMAS) await prisma.$queryRawUnsafe(`PRAGMA ${pragma}`);
  } catch (e) {
    await prisma.$disconnect();
    throw new DomainError('unavailable', `cannot open SQLite database ${file}`, [{ path: 'url', message: String(e) }]);
  }
  let closed = false;
  return {
    provider: 'sqlite',
    prisma,
    file,
    migrationsDir: options.migrationsDir ?? join(MIGRATIONS_ROOT, 'sqlite'),
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
    },
  };
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<PostgresDatabase> {
  const [{ PrismaClient }, { PrismaPg }] = await Promise.all([import('./generated/postgresql/client'), import('@prisma/adapter-pg')]);
  const pool = new GuardedPool({ connectionString: url, max: options.poolMax ?? 10, application_name: 'gatehouse' });
  // An idle client whose server went away emits 'error' on the pool; unhandled, that would crash the process.
  // The next query gets a fresh connection or a clear error instead.
  pool.on('error', () => undefined);
  const client = new PrismaClient({ adapter: new PrismaPg(pool) });
  try {
    await client.$queryRawUnsafe('SELECT 1');
  } catch (e) {
    await client.$disconnect().catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw new DomainError('unavailable', 'cannot connect to PostgreSQL', [{ path: 'url', message: String(e) }]);
  }
  let closed = false;
  const listeners = new Set<ChannelListener>();
  return {
    provider: 'postgresql',
    // Same models, same generator, other provider: see prisma-client.ts and prisma-client-compat.ts.
    prisma: client as unknown as PrismaClient,
    pool,
    migrationsDir: options.migrationsDir ?? join(MIGRATIONS_ROOT, 'postgresql'),
    listen(channel, handlers) {
      if (closed) throw new DomainError('unavailable', 'the database handle is closed');
      const listener = listenToChannel({ connectionString: url }, channel, handlers);
      listeners.add(listener);
      return {
        get connected() {
          return listener.connected;
        },
        close: () => {
          listeners.delete(listener);
          return listener.close();
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...listeners].map((l) => l.close()));
      await client.$disconnect();
      await pool.end();
    },
  };
}
