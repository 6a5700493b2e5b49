import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_ENGINE, ENGINE_NAMES, type EngineName } from '@gatehouse/compiler/engines/engine-name';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { zodIssuesToDetails } from '@gatehouse/domain/errors/zod-issues';
import type { AccessLogSettings } from '../metrics/access-log';
import { trustedPeers } from '../proxy/forward-headers';
import { DEFAULT_SERVER_LIMITS, type ServerLimits } from '../proxy/server-limits';
import { DEFAULT_MAX_TLS_SESSIONS } from '../proxy/upstream-sessions';

/** Everything the worker reads from its environment, validated once at start. */
export interface WorkerConfig {
  consoleUrl: string;
  /** Re-read on every feed request until present (the console may write the token file after we start). */
  readToken: () => string | null;
  workerId: string;
  workerName: string;
  bindAddress: string;
  adminBind: string;
  adminPort: number;
  waitSeconds: number;
  controllerName: string;
  logLevel: string;
  /** Where the configuration comes from: the console's feed (embedded) or a Kubernetes API server. */
  configSource: 'feed' | 'kubernetes';
  /** (kubernetes) a kubeconfig file; absent: the pod's service account. */
  kubeconfigPath: string | undefined;
  /** (kubernetes) the Lease that elects the one replica writing status. */
  lease: { namespace: string; name: string; durationSeconds: number };
  /** (kubernetes) Gateway status.addresses: where clients reach the listeners. */
  gatewayAddresses: string[];
  /** JSON access log to stdout (off by default) and the share of requests it logs. */
  accessLog: AccessLogSettings;
  /** Processes serving the listeners (1: this process alone; more: a primary plus that many children, cluster/). */
  workerProcesses: number;
  /** Per-client limits and timeouts of every listener (proxy/server-limits.ts). */
  limits: ServerLimits;
  /** Peers (addresses or CIDRs) whose X-Forwarded-* headers are believed and extended; others' are replaced. */
  trustedProxies: string[];
  /** On SIGTERM: how long in-flight requests may take to finish before their connections are closed. */
  drainTimeoutMs: number;
  /** Upstream TLS sessions kept for resumption, one per endpoint and TLS settings (proxy/upstream-sessions.ts); 0: none. */
  upstreamTlsSessions: number;
  /**
   * The data plane enforcing the compiled table (ARCHITECTURE.md, "Engines"): `node` (this process, or a node:cluster
   * group) or `haproxy` (a supervised HAProxy rendered from the table, engines/haproxy/).
   */
  engine: EngineName;
  /** (haproxy) The HAProxy executable: a path, or a name looked up on PATH. */
  haproxyBin: string;
}

const Port = z.coerce.number().int().min(0).max(65535);

const EnvSchema = z.object({
  GATEHOUSE_CONSOLE_URL: z.url().default('http://127.0.0.1:3000'),
  GATEHOUSE_WORKER_TOKEN: z.string().min(1).optional(),
  GATEHOUSE_DATA_DIR: z.string().min(1).default('./data'),
  GATEHOUSE_WORKER_ID: z.string().min(1).optional(),
  GATEHOUSE_WORKER_NAME: z.string().min(1).optional(),
  GATEHOUSE_WORKER_BIND_ADDRESS: z.string().min(1).default('0.0.0.0'),
  GATEHOUSE_WORKER_ADMIN_BIND: z.string().min(1).default('127.0.0.1'),
  GATEHOUSE_WORKER_ADMIN_PORT: Port.default(9901),
  GATEHOUSE_FEED_WAIT_SECONDS: z.coerce.number().int().min(1).max(300).default(25),
  GATEHOUSE_CONTROLLER_NAME: z.string().min(1).default('gatehouse.dev/gateway-controller'),
  GATEHOUSE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GATEHOUSE_CONFIG_SOURCE: z.enum(['feed', 'kubernetes']).default('feed'),
  KUBECONFIG: z.string().min(1).optional(),
  POD_NAMESPACE: z.string().min(1).optional(),
  POD_IP: z.string().min(1).optional(),
  GATEHOUSE_LEASE_NAMESPACE: z.string().min(1).optional(),
  GATEHOUSE_LEASE_NAME: z.string().min(1).default('gatehouse-worker-status'),
  GATEHOUSE_LEASE_DURATION_SECONDS: z.coerce.number().int().min(2).max(300).default(15),
  GATEHOUSE_GATEWAY_ADDRESSES: z.string().optional(),
  GATEHOUSE_WORKER_ACCESS_LOG: z.enum(['off', 'json']).default('off'),
  GATEHOUSE_WORKER_ACCESS_LOG_SAMPLE: z.coerce.number().min(0).max(1).default(1),
  GATEHOUSE_WORKER_PROCESSES: z.coerce.number().int().min(1).max(256).optional(),
  GATEHOUSE_WORKER_MAX_HEADER_BYTES: z.coerce.number().int().min(1024).max(1_048_576).default(DEFAULT_SERVER_LIMITS.maxHeaderBytes),
  GATEHOUSE_WORKER_MAX_HEADERS: z.coerce.number().int().min(8).max(10_000).default(DEFAULT_SERVER_LIMITS.maxHeaderCount),
  GATEHOUSE_WORKER_HEADER_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(DEFAULT_SERVER_LIMITS.headerTimeoutMs),
  GATEHOUSE_WORKER_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(86_400_000).default(DEFAULT_SERVER_LIMITS.requestTimeoutMs),
  GATEHOUSE_WORKER_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(DEFAULT_SERVER_LIMITS.idleTimeoutMs),
  GATEHOUSE_WORKER_H2_MAX_STREAMS: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_SERVER_LIMITS.h2MaxConcurrentStreams),
  GATEHOUSE_WORKER_TRUSTED_PROXIES: z.string().default(''),
  GATEHOUSE_WORKER_DRAIN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  GATEHOUSE_WORKER_UPSTREAM_TLS_SESSIONS: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_MAX_TLS_SESSIONS),
  // Empty = no limit (the default): a gateway does not know what its routes' uploads weigh.
  GATEHOUSE_WORKER_MAX_BODY_BYTES: z.union([z.literal(''), z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]).default(''),
  GATEHOUSE_WORKER_ENGINE: z.enum(ENGINE_NAMES).default(DEFAULT_ENGINE),
  GATEHOUSE_HAPROXY_BIN: z.string().min(1).default('haproxy'),
});

/**
 * The first line of `<bin> -v` (`HAProxy version 2.6.12-1 …`), or a DomainError naming GATEHOUSE_HAPROXY_BIN: the
 * haproxy engine refuses to start without a binary it can run, instead of failing at the first snapshot.
 */
export function checkHaproxyBinary(bin: string): string {
  let out: string;
  try {
    out = execFileSync(bin, ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    const why = e.code === 'ENOENT' ? 'not found (install HAProxy ≥ 2.6, e.g. `apt-get install haproxy`, or set the path)' : `cannot be run: ${(e.stderr ?? '').trim() || e.message}`;
    const message = `GATEHOUSE_HAPROXY_BIN: the haproxy engine (GATEHOUSE_WORKER_ENGINE=haproxy) needs the HAProxy binary; "${bin}" ${why}`;
    throw new DomainError('invalid', `worker environment is invalid: ${message}`, [{ path: 'GATEHOUSE_HAPROXY_BIN', message }]);
  }
  const version = out.split('\n')[0]?.trim() ?? '';
  if (!/^HA-?Proxy version /i.test(version)) {
    const message = `GATEHOUSE_HAPROXY_BIN: "${bin}" does not look like HAProxy (\`${bin} -v\` printed "${version.slice(0, 80)}")`;
    throw new DomainError('invalid', `worker environment is invalid: ${message}`, [{ path: 'GATEHOUSE_HAPROXY_BIN', message }]);
  }
  return version;
}

function readFileOrNull(path: string): string | null {
  try {
    const text = readFileSync(path, 'utf8').trim();
    return text === '' ? null : text;
  } catch {
    return null;
  }
}

/** A stable worker id: from the environment, else persisted in the data directory on first start. */
function stableWorkerId(dataDir: string): string {
  const file = join(dataDir, 'worker-id');
  const existing = readFileOrNull(file);
  if (existing !== null) return existing;
  const id = randomUUID();
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${id}\n`, { mode: 0o600 });
  } catch {
    // A read-only data directory still gets an id for this process; it changes on restart.
  }
  return id;
}

export function readWorkerConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const details = zodIssuesToDetails(parsed.error);
    throw new DomainError('invalid', `worker environment is invalid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
  }
  const e = parsed.data;
  const trustedProxies = e.GATEHOUSE_WORKER_TRUSTED_PROXIES.split(',').map((a) => a.trim()).filter(Boolean);
  try {
    trustedPeers(trustedProxies);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new DomainError('invalid', `worker environment is invalid: GATEHOUSE_WORKER_TRUSTED_PROXIES: ${message}`, [{ path: 'GATEHOUSE_WORKER_TRUSTED_PROXIES', message }]);
  }
  // Checked at start, so that a missing binary is a clear startup error, not a failed first snapshot.
  if (e.GATEHOUSE_WORKER_ENGINE === 'haproxy') checkHaproxyBinary(e.GATEHOUSE_HAPROXY_BIN);
  const tokenFile = join(e.GATEHOUSE_DATA_DIR, 'worker-token');
  const envToken = e.GATEHOUSE_WORKER_TOKEN;
  return {
    consoleUrl: e.GATEHOUSE_CONSOLE_URL.replace(/\/+$/, ''),
    readToken: () => envToken ?? readFileOrNull(tokenFile),
    workerId: e.GATEHOUSE_WORKER_ID ?? stableWorkerId(e.GATEHOUSE_DATA_DIR),
    workerName: e.GATEHOUSE_WORKER_NAME ?? hostname(),
    bindAddress: e.GATEHOUSE_WORKER_BIND_ADDRESS,
    adminBind: e.GATEHOUSE_WORKER_ADMIN_BIND,
    adminPort: e.GATEHOUSE_WORKER_ADMIN_PORT,
    waitSeconds: e.GATEHOUSE_FEED_WAIT_SECONDS,
    controllerName: e.GATEHOUSE_CONTROLLER_NAME,
    logLevel: e.GATEHOUSE_LOG_LEVEL,
    configSource: e.GATEHOUSE_CONFIG_SOURCE,
    kubeconfigPath: e.KUBECONFIG,
    lease: { namespace: e.GATEHOUSE_LEASE_NAMESPACE ?? e.POD_NAMESPACE ?? 'default', name: e.GATEHOUSE_LEASE_NAME, durationSeconds: e.GATEHOUSE_LEASE_DURATION_SECONDS },
    gatewayAddresses: (e.GATEHOUSE_GATEWAY_ADDRESSES ?? e.POD_IP ?? '').split(',').map((a) => a.trim()).filter(Boolean),
    accessLog: { mode: e.GATEHOUSE_WORKER_ACCESS_LOG, sample: e.GATEHOUSE_WORKER_ACCESS_LOG_SAMPLE },
    // availableParallelism honours CPU affinity (taskset, cpusets), unlike cpus().length.
    workerProcesses: e.GATEHOUSE_WORKER_PROCESSES ?? availableParallelism(),
    limits: {
      maxHeaderBytes: e.GATEHOUSE_WORKER_MAX_HEADER_BYTES,
      maxHeaderCount: e.GATEHOUSE_WORKER_MAX_HEADERS,
      headerTimeoutMs: e.GATEHOUSE_WORKER_HEADER_TIMEOUT_MS,
      // node:http requires headersTimeout <= requestTimeout.
      requestTimeoutMs: Math.max(e.GATEHOUSE_WORKER_REQUEST_TIMEOUT_MS, e.GATEHOUSE_WORKER_HEADER_TIMEOUT_MS),
      idleTimeoutMs: e.GATEHOUSE_WORKER_IDLE_TIMEOUT_MS,
      h2MaxConcurrentStreams: e.GATEHOUSE_WORKER_H2_MAX_STREAMS,
      maxBodyBytes: e.GATEHOUSE_WORKER_MAX_BODY_BYTES === '' ? null : e.GATEHOUSE_WORKER_MAX_BODY_BYTES,
    },
    trustedProxies,
    drainTimeoutMs: e.GATEHOUSE_WORKER_DRAIN_TIMEOUT_MS,
    upstreamTlsSessions: e.GATEHOUSE_WORKER_UPSTREAM_TLS_SESSIONS,
    engine: e.GATEHOUSE_WORKER_ENGINE,
    haproxyBin: e.GATEHOUSE_HAPROXY_BIN,
  };
}
