import type { WorkerConfig } from '../../src/config/worker-config';
import { DEFAULT_SERVER_LIMITS } from '../../src/proxy/server-limits';
import { DEFAULT_MAX_TLS_SESSIONS } from '../../src/proxy/upstream-sessions';

/**
 * A worker fed by a (fake) console over the feed protocol, listening on loopback, admin port chosen by the OS,
 * logging nothing: the configuration every socket-level worker test starts from.
 */
export function feedWorkerConfig(consoleUrl: string, token: string, workerId: string, overrides: Partial<WorkerConfig> = {}): WorkerConfig {
  return {
    consoleUrl,
    readToken: () => token,
    workerId,
    workerName: 'test-host',
    bindAddress: '127.0.0.1',
    adminBind: '127.0.0.1',
    adminPort: 0,
    waitSeconds: 2,
    controllerName: 'gatehouse.dev/gateway-controller',
    logLevel: 'silent',
    configSource: 'feed',
    kubeconfigPath: undefined,
    lease: { namespace: 'default', name: 'gatehouse-worker-status', durationSeconds: 15 },
    gatewayAddresses: [],
    accessLog: { mode: 'off', sample: 1 },
    workerProcesses: 1,
    limits: { ...DEFAULT_SERVER_LIMITS },
    trustedProxies: [],
    drainTimeoutMs: 10_000,
    upstreamTlsSessions: DEFAULT_MAX_TLS_SESSIONS,
    engine: 'node',
    haproxyBin: process.env.GATEHOUSE_HAPROXY_BIN ?? 'haproxy',
    ...overrides,
  };
}
