import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { type FakeConsole, startFakeConsole } from '../../helpers/fake-console';
import { backendTlsPolicy, caConfigMap, freePort, gateway, httpRoute, serviceWithEndpoints } from '../../helpers/scenario';
import { UPSTREAM_NAME } from './nginx';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..', '..');
const TOKEN = 'bench-token';

/**
 * The worker's configuration for the benchmark: Host foo.example.com → Service `up` (the upstream's keep-alive
 * port), new.example.com → `upnew` (the port that closes every connection), both verified by a BackendTLSPolicy
 * (CA + SNI + name check, as nginx's proxy_ssl_verify does). `extraRoutes` more HTTPRoutes, one hostname each, make
 * the route table larger without touching the measured route.
 */
export function benchObjects(listenPort: number, upstream: { keepAlive: number; close: number }, caPem: string, extraRoutes: number): KubeObject[] {
  const extras = Array.from({ length: extraRoutes }, (_, i) => httpRoute(`extra-${i}`, 'bench', [{ path: `/r${i}`, backends: [{ service: 'up' }] }], [`r${i}.example.com`]));
  return [
    gateway('bench', [listenPort]),
    httpRoute('pooled', 'bench', [{ backends: [{ service: 'up' }] }], ['foo.example.com']),
    httpRoute('fresh', 'bench', [{ backends: [{ service: 'upnew' }] }], ['new.example.com']),
    ...serviceWithEndpoints('up', [upstream.keepAlive]),
    ...serviceWithEndpoints('upnew', [upstream.close]),
    caConfigMap('bench-ca', caPem),
    backendTlsPolicy('up', 'bench-ca', UPSTREAM_NAME),
    backendTlsPolicy('upnew', 'bench-ca', UPSTREAM_NAME),
    ...extras,
  ];
}

export interface WorkerContender {
  process: ChildProcess;
  listenPort: number;
  adminPort: number;
  console: FakeConsole;
  /** The last lines the worker wrote to stderr (its error, when it fails). */
  stderrTail(): string;
  /** Publishes a configuration and waits until every serving process enforces it. */
  configure(extraRoutes: number): Promise<void>;
  config(): Promise<Record<string, unknown>>;
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  const r = await fetch(url);
  return (await r.json()) as Record<string, unknown>;
}

/**
 * Starts the worker (`main.ts`, as `npm run worker` does) on `nodeBinary` through tsx's loader, with its own fake
 * console, and waits for it to serve. Rejects with the worker's own error when it exits first.
 */
export async function startWorkerContender(opts: {
  nodeBinary: string;
  nodeArgs?: string[];
  env: Record<string, string>;
  upstream: { keepAlive: number; close: number };
  caPem: string;
  /** Another checkout whose worker to run (before/after comparisons); default this one. */
  root?: string;
}): Promise<WorkerContender> {
  const fake = await startFakeConsole(TOKEN);
  const listenPort = await freePort();
  const adminPort = await freePort();
  let revision = 0;
  const child = spawn(opts.nodeBinary, [...(opts.nodeArgs ?? []), '--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: opts.root ?? ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      GATEHOUSE_CONSOLE_URL: fake.url,
      GATEHOUSE_WORKER_TOKEN: TOKEN,
      GATEHOUSE_WORKER_ID: `bench-${listenPort}`,
      GATEHOUSE_WORKER_BIND_ADDRESS: '127.0.0.1',
      GATEHOUSE_WORKER_ADMIN_PORT: String(adminPort),
      GATEHOUSE_LOG_LEVEL: 'warn',
      ...opts.env,
    },
  });
  let tail = '';
  child.stderr?.on('data', (d: Buffer) => {
    tail = (tail + d.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`the worker exited (${code ?? signal}) before serving: ${tail.trim().split('\n').slice(-3).join(' | ') || 'no output'}`)));
  });
  exited.catch(() => undefined);
  const revisionOf = async (): Promise<number | null> => {
    try {
      return (await getJson(`http://127.0.0.1:${adminPort}/config`)).revision as number | null;
    } catch {
      return null;
    }
  };
  const configure = async (extraRoutes: number): Promise<void> => {
    revision++;
    fake.publish(revision, benchObjects(listenPort, opts.upstream, opts.caPem, extraRoutes));
    const want = revision;
    const waitEnforced = (async () => {
      const end = Date.now() + 60_000;
      for (;;) {
        // /readyz is 200 once every serving process enforces the accepted revision.
        if ((await revisionOf()) === want) {
          const r = await fetch(`http://127.0.0.1:${adminPort}/readyz`).catch(() => null);
          if (r?.status === 200) return;
        }
        if (Date.now() > end) {
          // Why: the worker's own account of the rejected revision (/config lastError), else its last stderr lines.
          const lastError = await getJson(`http://127.0.0.1:${adminPort}/config`).then((c) => (c.lastError as { message?: string } | null)?.message ?? null, () => null);
          throw new Error(`the worker did not enforce revision ${want} within 60 s: ${lastError ?? (tail.trim().split('\n').slice(-5).join(' | ') || 'no output')}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await Promise.race([waitEnforced, exited]);
  };
  try {
    await configure(8);
  } catch (err) {
    child.kill('SIGKILL');
    await fake.close();
    throw err;
  }
  return {
    process: child,
    listenPort,
    adminPort,
    console: fake,
    stderrTail: () => tail,
    configure,
    config: () => getJson(`http://127.0.0.1:${adminPort}/config`),
  };
}

/** SIGTERM, then wait for the exit (a process group drains its children first). */
export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
