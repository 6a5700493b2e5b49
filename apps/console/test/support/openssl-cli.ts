import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One `openssl` run; OpenSSL is the outside judge of what the API hands out. Never throws on a non-zero exit. */
export function openssl(args: string[], cwd: string, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('openssl', args, { cwd, timeout: 20_000, encoding: 'utf8', maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    // OpenSSL may exit before reading its input (a refused handshake): EPIPE says nothing the exit status does not.
    child.stdin?.on('error', () => undefined);
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** A scratch directory for files OpenSSL reads and writes. */
export function scratchDir(): { dir: string; write(name: string, content: string | Uint8Array): string; read(name: string): Buffer; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cert-test-'));
  return {
    dir,
    write: (name, content) => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    },
    read: (name) => readFileSync(join(dir, name)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// One implementation of these for every package's tests (packages/certs/src/testing).
export { freePort, startSServer } from '@gatehouse/certs/testing/openssl-s-server';
