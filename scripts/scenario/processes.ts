import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');

/** A port the kernel just gave out on loopback (closed again, so the caller can bind it). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

export interface Running {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export function runProcess(name: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; echo?: boolean } = {}): Running {
  const child = spawn(process.execPath, args, { cwd: opts.cwd ?? REPO_ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  const collect = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
    if (opts.echo) process.stderr.write(`[${name}] ${d.toString()}`);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return {
    child,
    output: () => out,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null || child.signalCode !== null) return res();
        child.once('exit', () => res());
        // The whole process group: npm start's console and worker go with it.
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          child.kill('SIGTERM');
        }
        setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // gone
          }
        }, 5000).unref();
      }),
  };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, proc?: Running): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      lastError = e;
    }
    if (proc && proc.child.exitCode !== null) throw new Error(`${what}: the process exited (${proc.child.exitCode}). Output:\n${proc.output().slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms (${String(lastError ?? 'no answer')})${proc ? `\nOutput:\n${proc.output().slice(-4000)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Gatehouse extends Running {
  url: string;
  token: string;
  workerAdminUrl: string;
  dataDir: string;
}

/** `npm start` (scripts/start.mjs) on free ports with its own data directory and a bootstrap admin token. */
export async function startGatehouse(opts: { dataDir: string; env?: NodeJS.ProcessEnv; echo?: boolean }): Promise<Gatehouse> {
  const port = await freePort();
  const adminPort = await freePort();
  const token = 'gh_' + randomBytes(24).toString('base64url');
  const proc = runProcess('gatehouse', [join(REPO_ROOT, 'scripts/start.mjs')], {
    env: {
      PORT: String(port),
      GATEHOUSE_DATA_DIR: opts.dataDir,
      GATEHOUSE_BOOTSTRAP_TOKEN: token,
      GATEHOUSE_WORKER_ADMIN_PORT: String(adminPort),
      GATEHOUSE_WORKER_BIND_ADDRESS: '127.0.0.1',
      GATEHOUSE_LOG_LEVEL: 'warn',
      ...opts.env,
    },
    ...(opts.echo !== undefined ? { echo: opts.echo } : {}),
  });
  const url = `http://127.0.0.1:${port}`;
  const workerAdminUrl = `http://127.0.0.1:${adminPort}`;
  await waitFor('console /api/healthz', async () => ((await fetch(`${url}/api/healthz`)).ok ? true : undefined), 240_000, proc);
  await waitFor('worker /healthz', async () => ((await fetch(`${workerAdminUrl}/healthz`)).ok ? true : undefined), 60_000, proc);
  return { ...proc, url, token, workerAdminUrl, dataDir: opts.dataDir };
}

/** The project's HTTPS echo upstream (apps/echo) as its own process. */
export async function startEcho(opts: { certFile: string; keyFile: string; echo?: boolean }): Promise<Running & { port: number }> {
  const port = await freePort();
  const proc = runProcess('echo', [TSX, join(REPO_ROOT, 'apps/echo/src/main.ts'), '--cert', opts.certFile, '--key', opts.keyFile, '--port', String(port), '--host', '127.0.0.1'], opts.echo !== undefined ? { echo: opts.echo } : {});
  await waitFor('echo upstream', () => new Promise<true | undefined>((res) => {
    const s = createServer();
    s.once('error', () => res(true)); // bound by the echo server
    s.listen(port, '127.0.0.1', () => s.close(() => res(undefined)));
  }), 30_000, proc);
  return { ...proc, port };
}
