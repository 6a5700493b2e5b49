import { request } from 'node:http';
import { connect } from 'node:net';

/**
 * One command on HAProxy's master CLI (`-S <socket>`, management.txt §9.4): the answer is everything the master
 * writes before it closes the connection (it does after one non-interactive command; `reload` closes it at once).
 */
export function masterCommand(socket: string, command: string, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(socket);
    let out = '';
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`master CLI "${command}" did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    s.setEncoding('utf8');
    s.on('data', (d: string) => (out += d));
    s.on('end', () => {
      clearTimeout(timer);
      resolve(out);
    });
    s.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    s.end(`${command}\n`);
  });
}

export interface ProcList {
  master: { pid: number; reloads: number; failed: number } | null;
  /** Current workers first, then old ones still finishing their connections. */
  workers: Array<{ pid: number; current: boolean }>;
}

/** Parses `show proc` (HAProxy 2.6 layout: `#<PID> <type> <reloads> …`, `# workers`, `# old workers`). */
export function parseShowProc(text: string): ProcList {
  const out: ProcList = { master: null, workers: [] };
  let section: 'head' | 'workers' | 'old' | 'other' = 'head';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      if (/^#\s*workers/.test(line)) section = 'workers';
      else if (/^#\s*old workers/.test(line)) section = 'old';
      else if (!line.startsWith('#<PID>')) section = 'other';
      continue;
    }
    const m = /^(\d+)\s+(\S+)\s+(\d+)(?:\s+\[failed:\s*(\d+)\])?/.exec(line);
    if (m === null) continue;
    const pid = Number(m[1]);
    if (m[2] === 'master') out.master = { pid, reloads: Number(m[3]), failed: Number(m[4] ?? 0) };
    else if (m[2] === 'worker' && (section === 'workers' || section === 'old')) out.workers.push({ pid, current: section === 'workers' });
  }
  return out;
}

/** GET / on the probe socket of a configuration: `<revision> <pid>` once a process serves it, else an error. */
export function probe(socketPath: string, timeoutMs = 1_000): Promise<{ revision: number; pid: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/', method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        const m = /^(\d+)\s+(\d+)/.exec(body.trim());
        if (res.statusCode !== 200 || m === null) reject(new Error(`probe answered ${res.statusCode ?? 0}: ${body.slice(0, 100)}`));
        else resolve({ revision: Number(m[1]), pid: Number(m[2]) });
      });
    });
    req.on('timeout', () => req.destroy(new Error('probe timed out')));
    req.on('error', reject);
    req.end();
  });
}
