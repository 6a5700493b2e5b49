/** `npm run k8s:down`: stops what `npm run k8s:up` started and removes its directory. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runDir } from './run-dir';

const dir = runDir();
const pidsFile = join(dir, 'pids');
if (!existsSync(pidsFile)) {
  console.log(`no test cluster runs from ${dir}`);
  process.exit(0);
}
const [etcd, api] = readFileSync(pidsFile, 'utf8').trim().split(/\s+/).map(Number);
const alive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};
for (const [pid, grace] of [[api, 10_000], [etcd, 5_000]] as const) {
  if (!pid || !alive(pid)) continue;
  process.kill(-pid, 'SIGTERM');
  const end = Date.now() + grace;
  while (alive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(-pid, 'SIGKILL');
}
rmSync(dir, { recursive: true, force: true });
console.log('test cluster stopped');
