/**
 * A throw-away PostgreSQL server for tests: `initdb` into a temp dir, then `postgres` in the foreground on a free
 * 127.0.0.1 port, its Unix socket in the same temp dir, durability off (fsync, full_page_writes,
 * synchronous_commit) because the data dies with the run. PostgreSQL refuses to run as root, so as root the
 * server runs as `nobody` in a temp dir that user owns (Node's spawn `uid`/`gid`; no user to create).
 * @see https://www.postgresql.org/docs/15/app-initdb.html
 * @see https://www.postgresql.org/docs/15/server-start.html
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** Superuser URL of the `postgres` database, e.g. postgresql://postgres@127.0.0.1:54321/postgres. */
  readonly url: string;
  /** The server's temp dir (data, socket, log); removed by stop(). */
  readonly dir: string;
  /** Fast shutdown, then removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
  /** Fast shutdown keeping the data (fault tests: "the database is down"). */
  halt(): Promise<void>;
  /** Starts the halted server again on the same port and data. */
  resume(): Promise<void>;
}

/** Thrown (as a plain Error: this is test tooling, not a domain path) when no PostgreSQL binaries are found. */
export class PostgresBinariesMissing extends Error {
  constructor(searched: string[]) {
    super(
      `PostgreSQL server binaries (initdb, postgres) not found in: ${searched.join(', ')}. ` +
        'Install them (Debian: apt-get install -y postgresql-15), point GATEHOUSE_PG_BIN at their folder, ' +
        'set GATEHOUSE_TEST_POSTGRES_URL to a server you run, or set GATEHOUSE_TEST_SKIP_POSTGRES=1 to skip ' +
        'the PostgreSQL half of the database tests.',
    );
    this.name = 'PostgresBinariesMissing';
  }
}

/**
 * The folder holding initdb and postgres: $GATEHOUSE_PG_BIN if set (and then only it), else Debian's
 * /usr/lib/postgresql/15/bin, else the newest /usr/lib/postgresql/<version>/bin.
 */
export function findPostgresBinDir(): string {
  const candidates: string[] = [];
  const explicit = process.env.GATEHOUSE_PG_BIN?.trim();
  if (explicit) {
    candidates.push(explicit);
  } else {
    candidates.push('/usr/lib/postgresql/15/bin');
    const debianRoot = '/usr/lib/postgresql';
    if (existsSync(debianRoot)) {
      const versions = readdirSync(debianRoot).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
      candidates.push(...versions.map((v) => join(debianRoot, v, 'bin')));
    }
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')));
  if (!found) throw new PostgresBinariesMissing([...new Set(candidates)]);
  return found;
}

export async function startPostgresServer(options: { binDir?: string } = {}): Promise<PostgresServer> {
  const binDir = options.binDir ?? findPostgresBinDir();
  // nobody:nogroup on Debian; as another user the server simply runs as that user.
  const user: { uid?: number; gid?: number } = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-pg-'));
  try {
    if (user.uid !== undefined && user.gid !== undefined) chownSync(dir, user.uid, user.gid);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' };
    const init = spawnSync(
      join(binDir, 'initdb'),
      ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      { ...user, env, encoding: 'utf8', cwd: dir },
    );
    if (init.status !== 0) throw new Error(`initdb failed (exit ${init.status}): ${init.stderr || String(init.error)}`);
    // A free port can be taken between probing and binding: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await findFreePort();
      try {
        return await runServer(binDir, dir, port, user, env);
      } catch (e) {
        if (attempt >= 3 || !/could not bind|address already in use/i.test(String(e))) throw e;
      }
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

async function runServer(
  binDir: string,
  dir: string,
  port: number,
  user: { uid?: number; gid?: number },
  env: NodeJS.ProcessEnv,
): Promise<PostgresServer> {
  const log = join(dir, 'postgres.log');
  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '300',
    shared_buffers: '32MB',
    logging_collector: 'off',
  };
  const args = ['-D', join(dir, 'data'), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const readLog = () => (existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '');

  /** One run of the server process on the data dir, ready to take connections. */
  const launch = async () => {
    const child = spawn('sh', ['-c', `exec "$0" "$@" >>"${log}" 2>&1`, join(binDir, 'postgres'), ...args], {
      ...user,
      env,
      cwd: dir,
      stdio: 'ignore',
    });
    const watchdog = startWatchdog(child, dir);
    const run = { child, watchdog, exited: false, exit: Promise.resolve() };
    run.exit = new Promise<void>((resolve) => child.once('exit', () => ((run.exited = true), resolve())));
    try {
      await waitUntilReady(url, () => run.exited, readLog);
    } catch (e) {
      child.kill('SIGQUIT');
      await run.exit;
      watchdog.kill('SIGKILL');
      throw e;
    }
    return run;
  };
  /** Fast shutdown ("roll back sessions, checkpoint, exit"): the data dir stays. */
  const shutDown = async (run: Awaited<ReturnType<typeof launch>>) => {
    if (!run.exited) run.child.kill('SIGINT');
    await run.exit;
    run.watchdog.kill('SIGKILL');
  };

  let current: Awaited<ReturnType<typeof launch>> | undefined = await launch();
  let stopped: Promise<void> | undefined;
  return {
    url,
    dir,
    async halt() {
      if (current) await shutDown(current);
      current = undefined;
    },
    async resume() {
      if (stopped) throw new Error('the server was stopped');
      current ??= await launch();
    },
    stop() {
      stopped ??= (async () => {
        if (current) await shutDown(current);
        current = undefined;
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/**
 * If the test runner dies without stop() (SIGKILL, a crash), a detached shell (running as us, so it may signal
 * the server) stops the server and removes its dir, so no postgres outlives the run.
 */
function startWatchdog(server: ChildProcess, dir: string): ChildProcess {
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -QUIT ${server.pid} 2>/dev/null; sleep 1; rm -rf "${dir}"`;
  const watchdog = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return watchdog;
}

async function waitUntilReady(url: string, hasExited: () => boolean, readLog: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (hasExited()) throw new Error(`postgres exited during start-up:\n${readLog()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`postgres not ready after 30 s (${String(e)}):\n${readLog()}`);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
