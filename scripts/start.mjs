#!/usr/bin/env node
// `npm start`: the console (Next.js, production build) and the bundled worker on one machine.
// Builds the console first when no build is there. Env: PORT (3000), GATEHOUSE_DATA_DIR (./data), and the
// rest of README's configuration table, passed through to both processes.
import { spawn, spawnSync } from 'node:child_process';
import { get as httpsGet } from 'node:https';
import { existsSync, statSync } from 'node:fs';
import { newestSourceMtime } from './console-build.mjs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const consoleDir = join(root, 'apps/console');
const port = process.env.PORT || '3000';
const dataDir = resolve(process.env.GATEHOUSE_DATA_DIR || join(root, 'data'));
const env = { ...process.env, GATEHOUSE_DATA_DIR: dataDir, PORT: port };
const nextBin = join(root, 'node_modules/next/dist/bin/next');
const tsxBin = join(root, 'node_modules/tsx/dist/cli.mjs');

const buildId = join(consoleDir, process.env.GATEHOUSE_NEXT_DIST_DIR || '.next', 'BUILD_ID');
if (!existsSync(buildId) || statSync(buildId).mtimeMs < newestSourceMtime(root)) {
  console.log('[gatehouse] building the console (next build): no build yet, or sources changed since the last one…');
  const r = spawnSync(process.execPath, [nextBin, 'build'], { cwd: consoleDir, env, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const children = [];
let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r))))).then(() => process.exit(code));
}
function run(name, args, cwd) {
  const child = spawn(process.execPath, args, { cwd, env, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[gatehouse] ${name} exited (${signal ?? code}); stopping`);
      stopAll(code ?? 1);
    }
  });
  children.push(child);
  return child;
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

// apps/console/server.mjs, not `next start`: it tells the console the socket's peer (client addresses, trusted proxies).
run('console', [join(consoleDir, 'server.mjs')], consoleDir);

// The worker starts once the console answers: the console makes the worker's token in the data directory.
// With GATEHOUSE_TLS_CERTIFICATE (or the file pair) the console speaks only HTTPS on its port.
const tls = Boolean(process.env.GATEHOUSE_TLS_CERTIFICATE || process.env.GATEHOUSE_TLS_CERT_FILE);
const consoleUrl = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;

/**
 * Whether the console answers its health check. Over HTTPS the certificate is not verified here: this only asks
 * whether our own child process on loopback is up, sends no credential and reads nothing but the status (the
 * certificate names the console's public host name, which 127.0.0.1 need not be). The worker verifies it.
 */
function healthy() {
  if (!tls) return fetch(`${consoleUrl}/api/healthz`).then((r) => r.ok);
  return new Promise((res, rej) => {
    const req = httpsGet(`${consoleUrl}/api/healthz`, { rejectUnauthorized: false }, (r) => {
      r.resume();
      res(r.statusCode === 200);
    });
    req.on('error', rej);
  });
}

const deadline = Date.now() + 120_000;
for (;;) {
  try {
    if (await healthy()) break;
  } catch {
    // not up yet
  }
  if (stopping) break;
  if (Date.now() > deadline) {
    console.error('[gatehouse] the console did not become healthy within 120 s');
    stopAll(1);
    break;
  }
  await new Promise((r) => setTimeout(r, 250));
}
if (!stopping) {
  // Over HTTPS the bundled worker verifies the console like any client: by default at https://localhost:PORT, so the
  // certificate must name localhost (or set GATEHOUSE_CONSOLE_URL to a name it carries), and its CA must be trusted
  // (NODE_EXTRA_CA_CERTS=ca.pem). README, "Serving the console over HTTPS".
  env.GATEHOUSE_CONSOLE_URL ||= tls ? `https://localhost:${port}` : consoleUrl;
  run('worker', [tsxBin, join(root, 'apps/worker/src/main.ts')], root);
  console.log(`[gatehouse] console on ${tls ? 'https' : 'http'}://localhost:${port}, worker admin on 127.0.0.1:${env.GATEHOUSE_WORKER_ADMIN_PORT || 9901}, data in ${dataDir}`);
}
