/**
 * Adds up counter documents of several processes: numbers are summed, nested objects merged key by key (an error
 * code seen by one process only is kept), anything else is taken from the first process that has it.
 */
export function sumCounters(documents: ReadonlyArray<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const doc of documents) {
    for (const [key, value] of Object.entries(doc)) {
      const have = out[key];
      if (typeof value === 'number') out[key] = typeof have === 'number' ? have + value : have === undefined ? value : have;
      else if (isPlainObject(value)) out[key] = isPlainObject(have) ? sumCounters([have, value]) : have === undefined ? sumCounters([value]) : have;
      else if (have === undefined) out[key] = value;
    }
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
