import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One `openssl` run; OpenSSL is the outside judge of what the API hands out. Never throws on a non-zero exit. */
export function openssl(args: string[], cwd: string, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('openssl', args, { cwd, timeout: 20_000, encoding: 'utf8', maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** `openssl s_server` on 127.0.0.1, resolved once it accepts; stop it with child.kill(). */
export function startSServer(args: string[], cwd: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', ['s_server', ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`s_server did not start: ${output}`));
    }, 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ACCEPT')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s_server exited with ${code}: ${output}`));
    });
  });
}
