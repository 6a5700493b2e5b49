import { probeAnswer, type RenderedConfig } from './render-config';
import { splitAddress, withoutSlotAddresses } from './server-slots';

/** One server slot whose endpoint changes: null = free. */
export interface SlotChange {
  backend: string;
  slot: number;
  from: string | null;
  to: string | null;
}

/** How the next configuration can be put in force. */
export type EndpointChange =
  | { kind: 'runtime'; changes: SlotChange[] }
  | { kind: 'reload'; reason: string };

/**
 * A rendered configuration with what an endpoint change alters left out: the slot addresses and free/used states, the
 * revision (first line, probe answer) and the probe socket's name. Two renders that are equal this way differ only in
 * which endpoints their slots hold.
 */
export function withoutEndpoints(r: RenderedConfig): string {
  const body = r.config.slice(r.config.indexOf('\n') + 1);
  return withoutSlotAddresses(body.replaceAll(r.probeSocket, '<probe socket>').replace(probeAnswer(r.revision), '<probe answer>'));
}

/** Where two texts first differ, for the log: the line number and the section (`backend b8080_1_0`) it is in. */
function firstDifference(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  let section = 'global';
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    const line = bl[i] ?? '';
    if (/^(global|defaults|frontend|backend)\b/.test(line)) section = line;
    if (al[i] !== bl[i]) return `line ${i + 2} (in "${section}")`;
  }
  return 'nowhere';
}

/**
 * Whether `next` differs from `running` only in endpoints — then the slot changes that put it in force through the
 * runtime API — or why it needs a reload: anything else differs (the text with endpoints left out, or the files it
 * names), a backend's new endpoints do not fit its free slots (render with Placement.live), or a backend gets its first endpoint or loses its last one (no
 * endpoints is an answer, 503 no_ready_endpoints, not an empty slot set). Pure.
 */
export function endpointChange(running: RenderedConfig, next: RenderedConfig): EndpointChange {
  const runningFiles = running.files.map((f) => f.name).join('\n');
  if (next.files.map((f) => f.name).join('\n') !== runningFiles) return { kind: 'reload', reason: 'the files it names differ (certificates or error answers)' };
  const pools = new Map(running.pools.map((p) => [p.backend, p]));
  for (const p of next.pools) {
    const was = pools.get(p.backend);
    if (was !== undefined && was.slots.length < p.slots.length) {
      const n = p.slots.filter((s) => s !== null).length;
      return { kind: 'reload', reason: `backend ${p.backend} (${p.service}): no free slot for every new endpoint (${n} endpoints, ${was.slots.length} slots; slots this change frees or still carrying requests to removed endpoints are not reused live)` };
    }
  }
  const names = (r: RenderedConfig): Set<string> => new Set(r.backends.map((b) => b.name));
  const [runningNames, nextNames, nextPools] = [names(running), names(next), new Set(next.pools.map((p) => p.backend))];
  for (const p of next.pools) if (!pools.has(p.backend) && runningNames.has(p.backend)) return { kind: 'reload', reason: `backend ${p.backend} (${p.service}) gets its first endpoints` };
  for (const p of running.pools) if (!nextPools.has(p.backend) && nextNames.has(p.backend)) return { kind: 'reload', reason: `backend ${p.backend} (${p.service}) loses its last endpoint` };
  const a = withoutEndpoints(running);
  const b = withoutEndpoints(next);
  if (a !== b) return { kind: 'reload', reason: `the configuration differs beyond endpoints at ${firstDifference(a, b)}` };
  const changes: SlotChange[] = [];
  const tls = new Set(next.backends.filter((b) => b.tls).map((b) => b.name));
  for (const p of next.pools) {
    const was = pools.get(p.backend);
    // Equal texts have the same backends with the same slot counts.
    if (was === undefined || was.slots.length !== p.slots.length) return { kind: 'reload', reason: `backend ${p.backend} has other slots` };
    // TLS servers are not moved live: on HAProxy 2.6.12 a TLS server given another address at run time answered a
    // failed handshake by closing the client's connection (no 502, no log line) instead of the error answer; a reload
    // gives the new endpoint a fresh server. Checked by worker-proxy.test.ts (mTLS after another TLS upstream).
    if (tls.has(p.backend) && p.slots.some((to, slot) => to !== (was.slots[slot] ?? null))) return { kind: 'reload', reason: `backend ${p.backend} (${p.service}) speaks TLS to its endpoints: TLS servers are not moved live` };
    p.slots.forEach((to, slot) => {
      const from = was.slots[slot] ?? null;
      if (from !== to) changes.push({ backend: p.backend, slot, from, to });
    });
  }
  return { kind: 'runtime', changes };
}

/**
 * The runtime API commands (management.txt §9.3, `set server`) for slot changes, both servers of a slot (`e<i>` and
 * its backup `e<i>b`) alike. Slots that get an endpoint come first, slots that lose one last, so that a replaced
 * endpoint's successor serves before it stops. A slot gets an address while in maintenance (free slots are; the
 * placement only fills slots without connections left, see server-slots.ts Placement) and is made `ready` after,
 * which starts it "up" with its health check running (as at a reload).
 */
export function runtimeCommands(changes: readonly SlotChange[]): string[] {
  const both = (c: SlotChange, what: string): string[] => [`set server ${c.backend}/e${c.slot} ${what}`, `set server ${c.backend}/e${c.slot}b ${what}`];
  const out: string[] = [];
  for (const c of changes) {
    if (c.to === null) continue;
    if (c.from !== null) out.push(...both(c, 'state maint'));
    const { ip, port } = splitAddress(c.to);
    out.push(...both(c, `addr ${ip} port ${port}`), ...both(c, 'state ready'));
  }
  for (const c of changes) if (c.to === null) out.push(...both(c, 'state maint'));
  return out;
}
