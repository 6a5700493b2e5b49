import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { renameSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import { masterCommand, parseShowProc, probe } from './master-cli';

export interface SupervisorOptions {
  /** The haproxy executable (GATEHOUSE_HAPROXY_BIN). */
  bin: string;
  /** The private runtime directory (0700): haproxy.cfg, the master and admin sockets, the probe sockets. */
  dir: string;
  logger: Logger;
  /** Each line HAProxy's processes write to stdout (the access log, when configured). */
  onStdoutLine?: (line: string) => void;
}

/** How long a start or a reload may take before it counts as failed. */
const APPLY_TIMEOUT_MS = 15_000;
const RESTART_BACKOFF_MS = [100, 250, 500, 1_000, 2_000, 5_000];
/** ALERT lines kept for error messages (HAProxy says why it refused a configuration there). */
const KEPT_ALERTS = 20;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * HAProxy in master-worker mode as a supervised child: `haproxy -W -S <dir>/master.sock -f <dir>/haproxy.cfg`.
 * - Every configuration is checked with `haproxy -c` before it is put in force; a refused one never reaches the
 *   running processes (the last good keeps serving) and the error says why.
 * - A change is a seamless reload through the master CLI (`reload`): the master re-reads haproxy.cfg and starts a new
 *   worker, which takes the listening sockets over from the old one (`expose-fd listeners` on the stats socket), so
 *   no connection is refused; the old worker finishes its requests and exits. The reload counts as done when the
 *   new configuration's probe socket answers, and as failed when the master reports a failed reload.
 * - If the master exits (HAProxy exits when its worker dies), it is started again with the last good configuration
 *   ('restarted' event), with a growing backoff while it keeps failing.
 * - `stop(drainMs)`: soft stop (SIGUSR1: listeners close, in-flight requests finish), then SIGTERM at the deadline.
 */
export class HaproxySupervisor extends EventEmitter {
  readonly configPath: string;
  readonly masterSocket: string;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  /** The configuration in force (its text and probe socket), for restarts and to roll back a failed reload. */
  private current: { text: string; probeSocket: string } | null = null;
  private readonly alerts: string[] = [];
  /** The master's count of failed reloads (`show proc`), as last seen: a higher count means the last reload failed. */
  private failedReloads = 0;
  private readonly onExitHook = (): void => {
    this.child?.kill('SIGKILL');
  };

  constructor(private readonly opts: SupervisorOptions) {
    super();
    this.configPath = `${opts.dir}/haproxy.cfg`;
    this.masterSocket = `${opts.dir}/master.sock`;
  }

  /** PID of the master process while it runs. */
  get masterPid(): number | null {
    return this.child?.pid ?? null;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** `haproxy -c -f <file>`: null when valid, else HAProxy's ALERT lines. */
  check(file: string): Promise<string | null> {
    return new Promise((resolve) => {
      execFile(this.opts.bin, ['-c', '-f', file], { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err === null) return resolve(null);
        const text = `${stderr}\n${stdout}`
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => /\[(ALERT|WARNING)\]/.test(l) && !/Fatal errors found|Error\(s\) found in configuration file/.test(l))
          .map((l) => l.replace(/^\[(ALERT|WARNING)\]\s*\(\d+\)\s*:\s*/, ''))
          .join('; ');
        resolve(text === '' ? (err as Error).message : text);
      });
    });
  }

  /**
   * Puts a rendered configuration in force: write haproxy.cfg.next, check it, move it over haproxy.cfg, then start
   * HAProxy or reload it. Resolves with the PID of the process serving it once its probe socket answers; rejects,
   * leaving the last good configuration in force (and in haproxy.cfg), when HAProxy refuses it.
   */
  async apply(text: string, probeSocket: string): Promise<{ pid: number }> {
    if (this.stopping) throw new Error('HAProxy is stopping');
    const next = `${this.configPath}.next`;
    writeFileSync(next, text, { mode: 0o600 });
    const t0 = performance.now();
    const refused = await this.check(next);
    const t1 = performance.now();
    if (refused !== null) throw new Error(`haproxy -c refused the rendered configuration: ${refused}`);
    const previous = this.current;
    renameSync(next, this.configPath);
    try {
      const served = this.child === null ? await this.startAndWait(probeSocket) : await this.reloadAndWait(probeSocket);
      this.opts.logger.debug({ checkMs: Math.round(t1 - t0), reloadMs: Math.round(performance.now() - t1), pid: served.pid }, 'haproxy configuration in force');
      this.current = { text, probeSocket };
      this.restarts = 0;
      return served;
    } catch (err) {
      // The next restart or reload starts from the last good configuration again.
      if (previous !== null) writeFileSync(this.configPath, previous.text, { mode: 0o600 });
      throw err;
    }
  }

  /**
   * Makes `text` the configuration in force without a reload: the running process was brought to it through the
   * runtime API (only server addresses and states differ from the configuration it loaded, which `haproxy -c`
   * checked). haproxy.cfg is replaced (write, then rename) so that a later reload or restart keeps those servers.
   */
  record(text: string, probeSocket: string): void {
    const next = `${this.configPath}.next`;
    writeFileSync(next, text, { mode: 0o600 });
    renameSync(next, this.configPath);
    this.current = { text, probeSocket };
  }

  private spawnMaster(): void {
    this.alerts.length = 0;
    this.failedReloads = 0;
    const child = spawn(this.opts.bin, ['-W', '-db', '-S', `${this.masterSocket},mode,600`, '-f', this.configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    process.once('exit', this.onExitHook);
    const log = this.opts.logger;
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if (line.includes('[ALERT]')) {
        this.alerts.push(line.replace(/^\[ALERT\]\s*\(\d+\)\s*:\s*/, ''));
        if (this.alerts.length > KEPT_ALERTS) this.alerts.shift();
        log.warn({ haproxy: line }, 'haproxy alert');
      } else log.debug({ haproxy: line }, 'haproxy');
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (this.opts.onStdoutLine !== undefined) this.opts.onStdoutLine(line);
      else log.debug({ haproxy: line }, 'haproxy');
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        process.off('exit', this.onExitHook);
        if (this.child === child) this.child = null;
        resolve();
        if (this.stopping) return;
        log.error({ code, signal, alerts: this.alerts.slice(-3) }, 'haproxy exited; starting it again with the last good configuration');
        this.emit('exit', { code, signal });
        this.scheduleRestart();
      });
    });
    child.once('error', (err) => log.error({ err: err.message }, 'cannot run haproxy'));
  }

  private scheduleRestart(): void {
    if (this.stopping || this.current === null || this.restartTimer !== null) return;
    const wait = RESTART_BACKOFF_MS[Math.min(this.restarts, RESTART_BACKOFF_MS.length - 1)] ?? 5_000;
    this.restarts++;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      const current = this.current;
      if (this.stopping || current === null || this.child !== null) return;
      writeFileSync(this.configPath, current.text, { mode: 0o600 });
      this.startAndWait(current.probeSocket).then(
        (served) => {
          this.opts.logger.info({ pid: served.pid }, 'haproxy restarted');
          this.emit('restarted', served);
        },
        (err: unknown) => {
          this.opts.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'restarting haproxy failed');
          this.scheduleRestart();
        },
      );
    }, wait);
  }

  private async startAndWait(probeSocket: string): Promise<{ pid: number }> {
    this.spawnMaster();
    const child = this.child!;
    const deadline = Date.now() + APPLY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null || this.child !== child) {
        throw new Error(`haproxy did not start: ${this.alerts.join('; ') || `it exited (${child.exitCode ?? child.signalCode})`}`);
      }
      try {
        const p = await probe(probeSocket, 500);
        return { pid: p.pid };
      } catch {
        await sleep(5);
      }
    }
    child.kill('SIGTERM');
    throw new Error(`haproxy did not serve its configuration within ${APPLY_TIMEOUT_MS} ms: ${this.alerts.join('; ')}`);
  }

  /** `show proc`; null when the master does not answer (right after a reload its CLI is back within milliseconds). */
  private async showProc(patienceMs = 0): Promise<ReturnType<typeof parseShowProc> | null> {
    const deadline = Date.now() + patienceMs;
    for (;;) {
      try {
        const proc = parseShowProc(await masterCommand(this.masterSocket, 'show proc', 2_000));
        if (proc.master !== null || Date.now() > deadline) return proc;
      } catch {
        if (Date.now() > deadline) return null;
      }
      await sleep(10);
    }
  }

  /**
   * `reload` on the master CLI. Right after a reload the master re-executes itself and its CLI socket is briefly
   * gone: a refused or missing socket is retried (a command sent then would be lost, and the reload never happen).
   */
  private async sendReload(): Promise<void> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      try {
        await masterCommand(this.masterSocket, 'reload', 5_000);
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if ((code !== 'ECONNREFUSED' && code !== 'ENOENT') || Date.now() > deadline) throw new Error(`cannot ask haproxy to reload: ${(err as Error).message}`);
        await sleep(5);
      }
    }
  }

  private async reloadAndWait(probeSocket: string): Promise<{ pid: number }> {
    const alertsBefore = this.alerts.length;
    await this.sendReload();
    const started = Date.now();
    const deadline = started + APPLY_TIMEOUT_MS;
    let lastProcCheck = started;
    while (Date.now() < deadline) {
      try {
        const p = await probe(probeSocket, 500);
        return { pid: p.pid };
      } catch {
        // not serving yet
      }
      if (this.child === null) throw new Error(`haproxy exited during the reload: ${this.alerts.slice(alertsBefore).join('; ')}`);
      if (Date.now() - lastProcCheck > 100) {
        lastProcCheck = Date.now();
        const failed = (await this.showProc())?.master?.failed;
        if (failed !== undefined && failed > this.failedReloads) {
          this.failedReloads = failed;
          throw new Error(`haproxy could not load the configuration (the last good one keeps serving): ${this.alerts.slice(alertsBefore).join('; ') || 'see its log'}`);
        }
      }
      await sleep(2);
    }
    throw new Error(`haproxy did not serve the new configuration within ${APPLY_TIMEOUT_MS} ms`);
  }

  /** PIDs of the worker processes (current and old ones still draining), from the master CLI. */
  async workers(): Promise<Array<{ pid: number; current: boolean }>> {
    return (await this.showProc(2_000))?.workers ?? [];
  }

  /** Soft stop (listeners close, requests in flight finish), hard stop at `drainMs`. */
  async stop(drainMs = 2_000): Promise<void> {
    this.stopping = true;
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    const child = this.child;
    if (child === null) return;
    child.kill('SIGUSR1');
    const hard = setTimeout(() => child.kill('SIGTERM'), drainMs);
    const kill = setTimeout(() => child.kill('SIGKILL'), drainMs + 5_000);
    await this.exited;
    clearTimeout(hard);
    clearTimeout(kill);
  }
}
