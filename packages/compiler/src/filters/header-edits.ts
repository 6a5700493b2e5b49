import type { HeaderEdits } from '../routing-table/routing-table';

/**
 * Applies an HTTPHeaderFilter to a flat [name, value, …] header list (Node's rawHeaders shape), matching names
 * case-insensitively: `set` replaces every value of a name, `add` appends to an existing value with a comma
 * ("my-header: foo" + add bar → "my-header: foo,bar") or adds the header, `remove` drops every value the request arrived with (set and add then write theirs).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheaderfilter
 */
export function applyHeaderEdits(raw: readonly string[], edits: HeaderEdits): string[] {
  const drop = new Set<string>(edits.remove);
  for (const s of edits.set) drop.add(s.name.toLowerCase());
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (!drop.has(name.toLowerCase())) out.push(name, raw[i + 1] as string);
  }
  for (const s of edits.set) out.push(s.name, s.value);
  for (const a of edits.add) {
    const lower = a.name.toLowerCase();
    let found = false;
    for (let i = 0; i < out.length; i += 2) {
      if ((out[i] as string).toLowerCase() !== lower) continue;
      out[i + 1] = `${out[i + 1] as string},${a.value}`;
      found = true;
      break;
    }
    if (!found) out.push(a.name, a.value);
  }
  return out;
}

/** The same edits on a header record (lower-case names), for the simulator's view of a request. */
export function applyHeaderEditsToRecord(headers: Readonly<Record<string, string>>, edits: HeaderEdits): Record<string, string> {
  const flat: string[] = [];
  for (const [k, v] of Object.entries(headers)) flat.push(k, v);
  const out: Record<string, string> = {};
  const edited = applyHeaderEdits(flat, edits);
  for (let i = 0; i < edited.length; i += 2) out[(edited[i] as string).toLowerCase()] = edited[i + 1] as string;
  return out;
}
