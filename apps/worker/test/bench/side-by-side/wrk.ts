import { execFile } from 'node:child_process';

/** What one wrk run measured (wrk 4.1 text output). */
export interface WrkResult {
  requestsPerSecond: number;
  p50ms: number;
  p99ms: number;
  requests: number;
  /** Responses outside 2xx/3xx plus connect/read/write errors and timeouts: every one is a failed request. */
  failed: number;
  seconds: number;
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  if (unit === 'us') return n / 1000;
  if (unit === 's') return n * 1000;
  if (unit === 'm') return n * 60_000;
  return n;
}

/** Parses wrk's report; throws with the output when it is not one (wrk could not connect at all, say). */
export function parseWrk(out: string): WrkResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const total = /(\d+) requests in ([\d.]+)(ms|s|m)/.exec(out);
  const p = (q: string): number => {
    const m = new RegExp(`^\\s+${q}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    return m === null ? Number.NaN : toMs(m[1] as string, m[2] as string);
  };
  if (rps === null || total === null) throw new Error(`unreadable wrk output:\n${out}`);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = sock === null ? 0 : sock.slice(1).reduce((a, b) => a + Number(b), 0);
  return {
    requestsPerSecond: Number(rps[1]),
    p50ms: p('50'),
    p99ms: p('99'),
    requests: Number(total[1]),
    failed: Number(non2xx?.[1] ?? 0) + socketErrors,
    seconds: toMs(total[2] as string, total[3] as string) / 1000,
  };
}

/** One wrk run: one thread, keep-alive connections, `--latency` for the percentiles. */
export function runWrk(opts: { port: number; host: string; path: string; connections: number; seconds: number }): Promise<WrkResult> {
  const args = ['-t1', `-c${opts.connections}`, `-d${opts.seconds}s`, '--latency', '-H', `Host: ${opts.host}`, `http://127.0.0.1:${opts.port}${opts.path}`];
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { timeout: (opts.seconds + 30) * 1000 }, (err, stdout, stderr) => {
      if (err !== null) reject(new Error(`wrk failed: ${err.message}\n${stderr}`));
      else {
        try {
          resolve(parseWrk(stdout));
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      }
    });
  });
}
