import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, goBuiltTool } from '@gatehouse/kube/testing/go-built-tool';

/**
 * A real OpenID provider on loopback for the single sign-on tests: zitadel/oidc v3's `op` package (OpenID
 * Certified) with its example storage and login form, built from the Go module proxy by scripts/oidc/build.sh and
 * cached outside the repository. The test writes its users (with groups) and its one client; nothing here speaks
 * the protocol.
 */


export interface OpUser {
  id: string;
  username: string;
  password: string;
  name?: string;
  email?: string;
  groups: string[];
}

export interface TestOpenIdProvider {
  issuer: string;
  stop(): Promise<void>;
}

export { freePort };

/** The provider's binary, building it when Go is here; the reason when it cannot be had. */
export function openIdProviderBinary(): { path: string } | { reason: string } {
  return goBuiltTool('scripts/oidc/build.sh', 'the test OpenID provider');
}

/** Whether the provider can be had without building (a cached binary) or built (Go on PATH): vitest.config.ts asks. */
export function openIdProviderAvailable(): boolean {
  const cache = process.env.GATEHOUSE_OIDC_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'gatehouse/oidc');
  const cached = existsSync(cache) && readdirSync(cache).some((f) => f.startsWith('gatehouse-test-op-') && !f.endsWith('.tmp'));
  if (cached) return true;
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function startOpenIdProvider(opts: { users: OpUser[]; clientId: string; clientSecret: string; redirectUri: string }): Promise<TestOpenIdProvider> {
  const bin = openIdProviderBinary();
  if ('reason' in bin) throw new Error(`[single sign-on] ${bin.reason}. Install Go, or set GATEHOUSE_TEST_SKIP_OIDC=1 to leave these suites out on purpose.`);
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-test-op-'));
  const usersFile = join(dir, 'users.json');
  const users = Object.fromEntries(opts.users.map((u) => {
    const [first, ...rest] = (u.name ?? u.username).split(' ');
    return [u.id, { ID: u.id, Username: u.username, Password: u.password, FirstName: first, LastName: rest.join(' '), Email: u.email ?? `${u.username}@example.test`, EmailVerified: true, PreferredLanguage: 'en', Groups: u.groups }];
  }));
  writeFileSync(usersFile, JSON.stringify(users));
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(bin.path, [], {
    env: { PATH: process.env.PATH ?? '', OP_ISSUER: issuer, OP_ADDR: `127.0.0.1:${port}`, OP_USERS_FILE: usersFile, OP_CLIENT_ID: opts.clientId, OP_CLIENT_SECRET: opts.clientSecret, OP_REDIRECT_URI: opts.redirectUri },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`the test OpenID provider did not start in 15 s: ${stderr}`)), 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`the test OpenID provider exited with ${code}: ${stderr}`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('listening')) {
        clearTimeout(timer);
        res();
      }
    });
  });
  // The line comes just before ListenAndServe binds; wait until discovery answers.
  for (let i = 0; i < 50; i++) {
    const ok = await fetch(`${issuer}/.well-known/openid-configuration`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    issuer,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
