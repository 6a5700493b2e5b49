import { isIPv6 } from 'node:net';
import type { SlotChange } from '../render/endpoint-change';
import { splitAddress } from '../render/server-slots';
import { masterCommand } from './master-cli';

/**
 * HAProxy's runtime API (management.txt §9.3) on one worker process, through the master CLI: `@!<pid> <command>`
 * addresses that process by PID (§9.4), so a command never lands on another generation (an old process still
 * finishing its connections, or one started after a restart: then the PID is gone and the command fails).
 */

/** Commands per master CLI request: the master reads a request into one buffer (tune.bufsize, 16 kB by default). */
const BATCH = 40;
/** What `set server` answers when it did what it was asked (`state …` answers nothing). */
const DONE = /^(IP changed from|port changed from|no need to change)/;

/** Runs `commands` on process `pid`; throws with HAProxy's answer at the first one it refuses. */
export async function runOnWorker(masterSocket: string, pid: number, commands: readonly string[]): Promise<void> {
  for (let i = 0; i < commands.length; i += BATCH) {
    const batch = commands.slice(i, i + BATCH);
    const answer = await masterCommand(masterSocket, batch.map((c) => `@!${pid} ${c}`).join('; '), 5_000);
    const refused = answer.split('\n').map((l) => l.trim()).find((l) => l !== '' && !DONE.test(l));
    if (refused !== undefined) throw new Error(`HAProxy's runtime API refused an update (${batch.length} commands from "${batch[0] ?? ''}"): ${refused}`);
  }
}

/** One row of `show servers state` (management.txt §9.3; version 1 layout). */
export interface ServerState {
  backend: string;
  server: string;
  address: string;
  port: number;
  /** srv_admin_state: bit flags, maintenance = 0x01 forced | 0x02 inherited | 0x20 resolution (server.h SRV_ADMF_MAINT). */
  admin: number;
}

const SRV_ADMF_MAINT = 0x23;

/** Parses `show servers state` answers (several may follow each other: each a version line, a `#` header, rows). */
export function parseServersState(text: string): ServerState[] {
  const rows: ServerState[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    // be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state … srv_fqdn(17) srv_port(18) …
    if (f.length < 19 || !/^\d+$/.test(f[0] ?? '')) continue;
    rows.push({ backend: f[1]!, server: f[3]!, address: f[4]!, port: Number(f[18]), admin: Number(f[6]) });
  }
  return rows;
}

export function inMaintenance(s: ServerState): boolean {
  return (s.admin & SRV_ADMF_MAINT) !== 0;
}

/** One spelling per address (HAProxy writes IPv6 as inet_ntop does; a table may hold another spelling of the same). */
function canonical(ip: string): string {
  return isIPv6(ip) ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}

/** Differences between the servers HAProxy reports and what the slot changes should have left; [] = as expected. */
export function unexpectedStates(changes: readonly SlotChange[], rows: readonly ServerState[]): string[] {
  const byName = new Map(rows.map((r) => [`${r.backend}/${r.server}`, r]));
  const problems: string[] = [];
  for (const c of changes) {
    for (const server of [`e${c.slot}`, `e${c.slot}b`]) {
      const name = `${c.backend}/${server}`;
      const s = byName.get(name);
      if (s === undefined) problems.push(`${name} is missing`);
      else if (c.to === null) {
        if (!inMaintenance(s)) problems.push(`${name} should be in maintenance`);
      } else {
        const want = splitAddress(c.to);
        if (inMaintenance(s)) problems.push(`${name} is in maintenance`);
        if (canonical(s.address) !== canonical(want.ip) || s.port !== want.port) problems.push(`${name} is ${s.address}:${s.port}, not ${c.to}`);
      }
    }
  }
  return problems;
}

/**
 * Puts slot changes in force on process `pid` and checks the outcome with `show servers state` of the backends
 * concerned; throws (the caller reloads instead) when a command is refused or a server is not as it should be.
 */
export async function applySlotChanges(masterSocket: string, pid: number, changes: readonly SlotChange[], commands: readonly string[]): Promise<void> {
  if (changes.length === 0) return;
  await runOnWorker(masterSocket, pid, commands);
  const backends = [...new Set(changes.map((c) => c.backend))];
  const rows: ServerState[] = [];
  for (let i = 0; i < backends.length; i += BATCH) {
    const batch = backends.slice(i, i + BATCH);
    rows.push(...parseServersState(await masterCommand(masterSocket, batch.map((b) => `@!${pid} show servers state ${b}`).join('; '), 5_000)));
  }
  const problems = unexpectedStates(changes, rows);
  if (problems.length > 0) throw new Error(`after the runtime update ${problems.slice(0, 5).join('; ')}`);
}

/** One row of `show servers conn` (HAProxy 2.6): a server's connections in use and idle. */
export interface ServerConnections {
  backend: string;
  server: string;
  /** used_cur: connections carrying a request now. */
  used: number;
  /** unsafe_nb + safe_nb + idle_cur: connections kept for reuse. */
  idle: number;
}

/** Parses `show servers conn` answers (`# bkname/svname bkid/svid addr port - purge_delay used_cur used_max need_est unsafe_nb safe_nb idle_lim idle_cur idle_per_thr[…]`). */
export function parseServersConn(text: string): ServerConnections[] {
  const rows: ServerConnections[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const name = /^([^/#\s]+)\/(\S+)$/.exec(f[0] ?? '');
    if (name === null || f.length < 13) continue;
    const n = (i: number): number => Number(f[i]) || 0;
    rows.push({ backend: name[1]!, server: name[2]!, used: n(6), idle: n(9) + n(10) + n(12) });
  }
  return rows;
}

async function serversConn(masterSocket: string, pid: number, backends: readonly string[]): Promise<ServerConnections[]> {
  const rows: ServerConnections[] = [];
  for (let i = 0; i < backends.length; i += BATCH) {
    const batch = backends.slice(i, i + BATCH);
    rows.push(...parseServersConn(await masterCommand(masterSocket, batch.map((b) => `@!${pid} show servers conn ${b}`).join('; '), 5_000)));
  }
  return rows;
}

/**
 * Slots freed through the runtime API (in maintenance) may still carry requests to their old endpoint, and a
 * connection whose request ends then goes back to the server's idle pool (seen with HAProxy 2.6.12). A retired slot
 * may take a new endpoint once its servers carry no request (`show servers conn`: used_cur 0) and keep no connection:
 * those back in the pool are closed first by entering maintenance again (`state drain`, which leaves maintenance
 * without taking requests, then `state maint`: HAProxy closes a server's idle connections on entering maintenance).
 * Returns the slots that may not (yet): still busy.
 */
export async function settleRetiredSlots(masterSocket: string, pid: number, retired: ReadonlyMap<string, ReadonlySet<number>>): Promise<Map<string, Set<number>>> {
  const backends = [...retired.keys()];
  if (backends.length === 0) return new Map();
  const conns = (rows: ServerConnections[]): Map<string, ServerConnections> => new Map(rows.map((r) => [`${r.backend}/${r.server}`, r]));
  const servers = (b: string, slot: number): string[] => [`${b}/e${slot}`, `${b}/e${slot}b`];
  const before = conns(await serversConn(masterSocket, pid, backends));
  const idleOnly: Array<[string, number]> = [];
  for (const [b, slots] of retired) {
    for (const slot of slots) {
      const rows = servers(b, slot).map((s) => before.get(s));
      if (rows.every((r) => r !== undefined && r.used === 0) && rows.some((r) => r!.idle > 0)) idleOnly.push([b, slot]);
    }
  }
  if (idleOnly.length > 0) await runOnWorker(masterSocket, pid, idleOnly.flatMap(([b, slot]) => servers(b, slot).flatMap((s) => [`set server ${s} state drain`, `set server ${s} state maint`])));
  const after = idleOnly.length > 0 ? conns(await serversConn(masterSocket, pid, backends)) : before;
  const busy = new Map<string, Set<number>>();
  for (const [b, slots] of retired) {
    for (const slot of slots) {
      const clean = servers(b, slot).every((s) => {
        const r = after.get(s);
        return r !== undefined && r.used === 0 && r.idle === 0;
      });
      if (!clean) busy.set(b, new Set([...(busy.get(b) ?? []), slot]));
    }
  }
  return busy;
}
