import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REPO_ROOT, runProcess, waitFor } from '../../scripts/scenario/processes';

/** The console build the Playwright web server made (`npm start` builds it when missing or stale). */
export const CONSOLE_DIR = join(REPO_ROOT, 'apps/console');
export const DIST_DIR = join(CONSOLE_DIR, process.env.GATEHOUSE_NEXT_DIST_DIR || '.next');

export interface OwnConsole {
  url: string;
  dataDir: string;
  /** Everything the console printed so far (its log: the setup code, warnings). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * A second console from the same production build, on a free port with a fresh data directory of its own and the
 * settings a spec needs (single sign-on, a fresh instance for first-run setup): the shared web server cannot be
 * reconfigured or reset. apps/console/server.mjs, as `npm start` runs it, without the worker.
 */
export async function startOwnConsole(env: NodeJS.ProcessEnv = {}, port?: number): Promise<OwnConsole> {
  if (!existsSync(join(DIST_DIR, 'BUILD_ID'))) throw new Error(`no console build in ${DIST_DIR}: the Playwright web server (scripts/start.mjs) makes it`);
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-own-console-'));
  const listen = port ?? (await freePort());
  const proc = runProcess('console', [join(CONSOLE_DIR, 'server.mjs')], {
    cwd: CONSOLE_DIR,
    env: { PORT: String(listen), GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_LOG_LEVEL: 'warn', GATEHOUSE_DRIFT_INTERVAL: '0', ...env },
  });
  const url = `http://127.0.0.1:${listen}`;
  try {
    await waitFor('own console /api/healthz', async () => ((await fetch(`${url}/api/healthz`)).ok ? true : undefined), 120_000, proc);
  } catch (e) {
    await proc.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  return {
    url,
    dataDir,
    output: proc.output,
    stop: async () => {
      await proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
