/**
 * The servers of one HAProxy backend as a fixed number of slots, so that an endpoint change (pods come and go) can be
 * put in force in the running process through the runtime API instead of a reload (issue 13: "runtime API for
 * endpoint-only changes"). HAProxy 2.6 can change a configured server in place — `set server <b>/<s> addr <ip> port
 * <p>` and `set server <b>/<s> state ready|maint` (management.txt §9.3) — while `add server` (dynamic servers) takes
 * no `backup` server and no `track`, and needs `enable server`/`enable health` after each add; slots keep the
 * failover scheme below as it is and every option of a server line (checks, `observe`, TLS, `proto h2`) applies to a
 * slot whatever endpoint it gets.
 *
 * Slot i is two servers with the same address: `e<i>` (checked: passive outlier detection, as outlier-detector.ts)
 * and its never-checked `e<i>b` backup twin (used, all of them with `option allbackups`, when every checked one is
 * down — the Node engine uses all endpoints again when every one is ejected). A free slot is both servers `disabled`
 * (maintenance) with a placeholder address; a runtime update fills it (addr, then ready) or frees it (maint).
 */

/** `address:port` (IPv6 in brackets) of each slot, null where the slot is free. */
export type Slots = ReadonlyArray<string | null>;

/** The slots of one rendered HAProxy backend. */
export interface ServerPool {
  /** HAProxy backend name. */
  backend: string;
  /** `ns/name:port` of the Service whose endpoints fill the slots. */
  service: string;
  slots: Slots;
}

/** What a free slot's servers point at until they get an endpoint: never used (they are in maintenance). */
export const SPARE_ADDRESS = '0.0.0.0:1';
/** The fewest slots a backend with endpoints gets: room for a rolling update of a small Deployment. */
export const MIN_SLOTS = 4;

/** Options of the checked server of a slot (see the file comment): a connection failure marks it down until a check passes. */
const CHECKED = 'check no-check-ssl inter 5s fall 1 rise 1 observe layer4 error-limit 1 on-error mark-down';

/**
 * Slots for `n` endpoints: at least half as many again, rounded up to a power of two (MIN_SLOTS at least; none for
 * no endpoints, which answers 503 instead). A Deployment's rolling update (25% surge by default) and moderate scaling
 * stay within them; beyond, the change reloads and the slots are counted again.
 */
export function slotCount(n: number): number {
  if (n <= 0) return 0;
  let slots = MIN_SLOTS;
  while (slots < Math.ceil(n * 1.5)) slots *= 2;
  return slots;
}

/** How endpoints are placed into the slots of the configuration in force. */
export interface Placement {
  /** The slots of the configuration in force, by backend name. */
  running: ReadonlyMap<string, ServerPool>;
  /**
   * For an update of the running process (runtime API): a new endpoint only takes a slot that was free before this
   * change and is not in `busy` (slots freed earlier whose servers still carry requests to their old endpoint), and
   * never a slot this change frees: a connection still carrying a request when its slot gets a new address goes back
   * to the slot's pool when the request ends and is reused for the new endpoint's requests (seen with HAProxy 2.6.12:
   * requests reached the removed endpoint). Without `live` (a reload: a new process without connections), a new
   * endpoint takes a free slot, then one this change frees.
   */
  live?: { busy: ReadonlyMap<string, ReadonlySet<number>> };
}

/**
 * Places the endpoints of backend `backend` (Service `service`) into slots. With the slots in force (same Service):
 * an endpoint still there keeps its slot (its connections and counters stay), a new one takes the lowest free slot
 * (see Placement for which are), and the number of slots stays while the endpoints fit; without, endpoints take slots
 * 0…n-1 in table order. When they do not fit, the slot count grows (slotCount), keeping the slots in force. Pure.
 */
export function placeEndpoints(endpoints: readonly string[], backend: string, service: string, placement?: Placement): Array<string | null> {
  if (endpoints.length === 0) return [];
  const previous = placement?.running.get(backend);
  const prev = previous !== undefined && previous.service === service ? previous.slots : [];
  const busy = placement?.live?.busy.get(backend) ?? new Set<number>();
  const slots: Array<string | null> = Array.from({ length: prev.length }, () => null);
  // Endpoints may repeat (one address in two EndpointSlices): counted, as the table counts them.
  const waiting = new Map<string, number>();
  for (const ep of endpoints) waiting.set(ep, (waiting.get(ep) ?? 0) + 1);
  const freed: number[] = [];
  prev.forEach((ep, i) => {
    if (ep === null) return;
    const left = waiting.get(ep) ?? 0;
    if (left > 0) {
      slots[i] = ep;
      waiting.set(ep, left - 1);
    } else freed.push(i);
  });
  const free = [...slots.keys()].filter((i) => prev[i] === null && !busy.has(i));
  const order = placement?.live === undefined ? [...free, ...freed] : free;
  const newcomers = endpoints.filter((ep) => {
    const left = waiting.get(ep) ?? 0;
    if (left > 0) waiting.set(ep, left - 1);
    return left > 0;
  });
  if (newcomers.length > order.length) {
    // They do not fit: more slots (a reload), the ones in force kept where they are.
    const size = Math.max(slotCount(endpoints.length), prev.length + newcomers.length - order.length);
    for (let i = prev.length; i < size; i++) {
      slots.push(null);
      order.push(i);
    }
  }
  newcomers.forEach((ep, k) => (slots[order[k]!] = ep));
  return slots;
}

/** The server lines of a pool (without indentation); `options` are the per-server options (TLS, `proto h2`). */
export function renderServerSlots(pool: ServerPool, options: readonly string[]): string[] {
  const opts = options.length === 0 ? '' : ` ${options.join(' ')}`;
  const lines = pool.slots.length > 1 ? ['option allbackups'] : [];
  pool.slots.forEach((ep, i) => {
    const off = ep === null ? ' disabled' : '';
    lines.push(`server e${i} ${ep ?? SPARE_ADDRESS}${opts} ${CHECKED}${off}`);
    lines.push(`server e${i}b ${ep ?? SPARE_ADDRESS}${opts} backup${off}`);
  });
  return lines;
}

const SLOT_LINE = /^(\s*server e\d+b? )\S+(.*?)(?: disabled)?$/gm;

/** haproxy.cfg with every slot's address and free/used state left out: what stays when only endpoints change. */
export function withoutSlotAddresses(config: string): string {
  return config.replace(SLOT_LINE, '$1<slot>$2');
}

/** `address:port` → the parts `set server … addr <ip> port <port>` takes (IPv6 without its brackets). */
export function splitAddress(ep: string): { ip: string; port: number } {
  const at = ep.lastIndexOf(':');
  const host = ep.slice(0, at);
  return { ip: host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host, port: Number(ep.slice(at + 1)) };
}
