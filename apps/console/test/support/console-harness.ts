import { exampleManifests } from '../../../../scripts/scenario/seed-manifests';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '@gatehouse/db/open-database';
import { createToken } from '../../src/server/auth/token.service';
import { systemContext, type Role } from '../../src/server/auth/principal';
import { readConsoleEnv } from '../../src/server/env';
import { createRestHandler } from '../../src/server/rest/router';
import { createRuntime } from '../../src/server/runtime';
import type { ConsoleRuntime } from '../../src/server/runtime-types';

export const ADMIN_TOKEN = 'gh_test-admin-token-0123456789abcdef';

const silent = { info() {}, warn() {}, error() {} };

export interface Harness {
  rt: ConsoleRuntime;
  dataDir: string;
  handle: (req: Request) => Promise<Response>;
  call(method: string, path: string, opts?: { token?: string | null; body?: unknown; contentType?: string; headers?: Record<string, string> }): Promise<{ status: number; json: any; text: string; headers: Headers }> // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read loose JSON;
  tokenFor(role: Role): Promise<string>;
}

/** A console runtime over a test database, with the REST handler called in-process (no Next.js needed). */
export async function createHarness(db: Database, envOverrides: Record<string, string> = {}, log: ConsoleRuntime['log'] = silent): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-console-test-'));
  // An override of '' leaves the variable unset (e.g. no bootstrap token).
  const vars: Record<string, string> = { GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_BOOTSTRAP_TOKEN: ADMIN_TOKEN, ...envOverrides };
  for (const [k, v] of Object.entries(vars)) if (v === '') delete vars[k];
  const env = readConsoleEnv(vars);
  const rt = await createRuntime({ env, db, log });
  const handle = createRestHandler(async () => rt);
  const tokens = new Map<Role, string>();
  return {
    rt,
    dataDir,
    handle,
    async call(method, path, opts = {}) {
      const token = opts.token === undefined ? ADMIN_TOKEN : opts.token;
      const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      const res = await handle(
        new Request(`http://console.test${path}`, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(body !== undefined ? { 'content-type': opts.contentType ?? 'application/json' } : {}),
            'user-agent': 'vitest',
            'x-forwarded-for': '203.0.113.7',
            ...opts.headers,
          },
          ...(body !== undefined ? { body } : {}),
        }),
      );
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json, text, headers: res.headers };
    },
    async tokenFor(role) {
      const have = tokens.get(role);
      if (have) return have;
      const t = await createToken(rt, systemContext('test'), { name: `test-${role}`, role });
      tokens.set(role, t.token);
      return t.token;
    },
  };
}

/** The Upstream TLS example's three manifests (examples/upstream-tls), in the order its walkthrough applies them. */
export function seedHeredocs(): string[] {
  return exampleManifests();
}
