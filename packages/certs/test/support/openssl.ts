import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Output of one OpenSSL CLI run; OpenSSL is the outside judge in these tests. */
export interface OpensslResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `openssl <args>` in `cwd`, never throwing on a non-zero exit (tests assert on `code`). */
export function openssl(args: string[], cwd: string, input?: string): Promise<OpensslResult> {
  return new Promise((resolve) => {
    const child = execFile('openssl', args, { cwd, timeout: 20_000, encoding: 'utf8', maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** A scratch directory with helpers to write and read files in it. */
export interface Scratch {
  dir: string;
  write(name: string, content: string | Uint8Array): Promise<string>;
  read(name: string): Promise<Buffer>;
  readText(name: string): Promise<string>;
  remove(): Promise<void>;
}

export async function scratch(): Promise<Scratch> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-certs-'));
  return {
    dir,
    async write(name, content) {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
    read: (name) => readFile(join(dir, name)),
    readText: (name) => readFile(join(dir, name), 'utf8'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
