/**
 * The shape every "spec in words" function returns: titled sections of sentences a person reads, with an
 * optional second line of detail. Components render these as they are; they decide nothing.
 */
export interface SpecLine {
  text: string;
  detail?: string;
}

export interface SpecSection {
  title: string;
  lines: SpecLine[];
}

/** "1 route", "2 routes". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `name`, or `namespace/name` when the reference leaves the object's own namespace. */
export function qualified(name: string, namespace: string | undefined, ownNamespace: string | undefined): string {
  return namespace && namespace !== ownNamespace ? `${namespace}/${name}` : name;
}

/** 1536 → "1.5 KiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? '' : 's'}`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** `key=value, key2=value2`, or undefined when empty. */
export function labelWords(labels: Record<string, unknown> | undefined): string | undefined {
  const entries = Object.entries(labels ?? {});
  return entries.length === 0 ? undefined : entries.map(([k, v]) => `${k}=${String(v)}`).join(', ');
}
