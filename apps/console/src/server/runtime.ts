import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { migrate } from '@gatehouse/db/migrate';
import { openDatabase } from '@gatehouse/db/open-database';
import { systemContext } from './auth/principal';
import { ensureToken } from './auth/token.service';
import { readConsoleEnv, type ConsoleEnv } from './env';
import { RevisionBus } from './feed/revision-bus';
import { followOtherReplicas } from './feed/revision-listener';
import { SnapshotCache } from './feed/snapshot-builder';
import { startAuditRetention } from './audit/audit-retention';
import { startAutoRenew } from './services/certificates/auto-renew';
import { startDriftChecks } from './services/clusters/drift.service';
import { startNotifier } from './services/notifications/notifier';
import { loadMasterKey } from './secrets/master-key';
import { readRevision } from './store/revision';
import type { Db } from './store/db';
import { StatusCache } from './status/status-cache';
import { ensureSetupCode } from './auth/setup-code';
import { startConsoleTls } from './tls/console-tls';
import type { ConsoleRuntime, Logger } from './runtime-types';

/**
 * The worker's token in embedded mode: GATEHOUSE_WORKER_TOKEN, else `<dataDir>/worker-token` (made once, 0600),
 * which the bundled worker reads from the same data directory.
 */
function workerTokenValue(env: ConsoleEnv): string {
  if (env.GATEHOUSE_WORKER_TOKEN) return env.GATEHOUSE_WORKER_TOKEN;
  const file = join(env.dataDir, 'worker-token');
  if (!existsSync(file)) {
    mkdirSync(env.dataDir, { recursive: true });
    try {
      writeFileSync(file, 'gh_' + randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

export interface RuntimeOptions {
  env?: ConsoleEnv;
  /** An already-open database (tests); otherwise opened from the environment. */
  db?: Db;
  log?: Logger;
  now?: () => Date;
}

/** Opens the database, migrates it, loads keys and makes the bootstrap and worker tokens. */
export async function createRuntime(opts: RuntimeOptions = {}): Promise<ConsoleRuntime> {
  const env = opts.env ?? readConsoleEnv();
  const log: Logger = opts.log ?? pino({ name: 'gatehouse-console', level: env.GATEHOUSE_LOG_LEVEL });
  const db = opts.db ?? (await openDatabase({ url: env.DATABASE_URL, dataDir: env.dataDir }));
  const applied = await migrate(db);
  if (applied.applied.length > 0) log.info({ applied: applied.applied }, 'database migrated');
  const key = loadMasterKey({ envValue: env.GATEHOUSE_MASTER_KEY, dataDir: env.dataDir });
  const bus = new RevisionBus();
  followOtherReplicas(db, bus, log);
  bus.publish(await readRevision(db));
  const snapshots = new SnapshotCache(db, key);
  const now = opts.now ?? (() => new Date());
  const workerToken = workerTokenValue(env);
  const rt: ConsoleRuntime = { db, key, bus, now, snapshots, statuses: new StatusCache(snapshots, now), log, workerToken, setupCode: null, auditRetentionDays: env.GATEHOUSE_AUDIT_RETENTION_DAYS, oidc: env.oidc, passwordLogin: env.GATEHOUSE_PASSWORD_LOGIN };
  const ctx = systemContext('startup');
  if (env.GATEHOUSE_BOOTSTRAP_TOKEN && (await ensureToken(rt, ctx, env.GATEHOUSE_BOOTSTRAP_TOKEN, 'bootstrap', 'admin', true))) {
    log.info({}, 'bootstrap admin token created from GATEHOUSE_BOOTSTRAP_TOKEN');
  }
  await ensureToken(rt, ctx, workerToken, 'bundled worker', 'worker', false);
  rt.setupCode = await ensureSetupCode(db, log);
  if (env.GATEHOUSE_TLS_CERTIFICATE !== undefined || env.GATEHOUSE_TLS_CERT_FILE !== undefined) {
    // Before anything listens: a certificate that cannot be served stops the start with a message naming the variable.
    rt.consoleTls = await startConsoleTls(rt, {
      certificate: env.GATEHOUSE_TLS_CERTIFICATE,
      certFile: env.GATEHOUSE_TLS_CERT_FILE,
      keyFile: env.GATEHOUSE_TLS_KEY_FILE,
      reloadIntervalMs: env.GATEHOUSE_TLS_RELOAD_INTERVAL * 1000,
    }, log);
  }
  if (env.GATEHOUSE_CERT_RENEW_INTERVAL > 0) startAutoRenew(rt, log, env.GATEHOUSE_CERT_RENEW_INTERVAL * 1000);
  if (env.GATEHOUSE_DRIFT_INTERVAL > 0) startDriftChecks(rt, log, env.GATEHOUSE_DRIFT_INTERVAL * 1000);
  if (env.GATEHOUSE_AUDIT_RETENTION_DAYS) startAuditRetention(rt, log, env.GATEHOUSE_AUDIT_RETENTION_DAYS, systemContext('audit retention'));
  if (env.GATEHOUSE_NOTIFY_INTERVAL > 0) startNotifier(rt, log, env.GATEHOUSE_NOTIFY_INTERVAL * 1000);
  log.info({ provider: db.provider, dataDir: env.dataDir, masterKey: key.id }, 'console runtime ready');
  return rt;
}

const GLOBAL_KEY = Symbol.for('gatehouse.console.runtime');
type GlobalWithRuntime = typeof globalThis & { [GLOBAL_KEY]?: Promise<ConsoleRuntime> };

/**
 * The process-wide runtime. Kept on globalThis because Next.js may load route modules in separate module
 * graphs; one database pool, one revision bus and one snapshot cache must serve them all.
 */
export function getRuntime(): Promise<ConsoleRuntime> {
  const g = globalThis as GlobalWithRuntime;
  if (!g[GLOBAL_KEY]) {
    g[GLOBAL_KEY] = createRuntime().then(
      (rt) => {
        // `next start` drains on SIGTERM/SIGINT (stops accepting, lets in-flight requests finish, then exits); feed
        // long-polls would hold that drain for up to their `wait`, so they answer at once (see RevisionBus.drain).
        // Only beside a server that handles the signal: a listener of ours alone would stop Node's default exit.
        const drain = () => rt.bus.drain();
        for (const signal of ['SIGTERM', 'SIGINT'] as const) if (process.listenerCount(signal) > 0) process.once(signal, drain);
        return rt;
      },
      (e: unknown) => {
        delete g[GLOBAL_KEY];
        throw e;
      },
    );
  }
  return g[GLOBAL_KEY];
}
