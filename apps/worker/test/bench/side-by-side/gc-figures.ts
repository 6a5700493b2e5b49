/**
 * The Node worker's garbage-collection time during a run, from its own /metrics (prom-client's
 * `nodejs_gc_duration_seconds` histogram, read before and after): GC pauses are what a Node proxy's p99 is made of
 * (HISTORY.md, session 18), so the benchmark prints them beside the latency.
 */
export interface GcReading {
  /** Seconds and pauses by kind (minor = young generation, major = mark-compact, incremental marking steps). */
  seconds: Record<string, number>;
  count: Record<string, number>;
  /** Minor pauses longer than 10 ms (the histogram's `le="0.01"` bucket subtracted from its count). */
  minorOver10ms: number;
}

export function parseGcMetrics(text: string): GcReading {
  const out: GcReading = { seconds: {}, count: {}, minorOver10ms: 0 };
  let minorUnder10 = 0;
  for (const line of text.split('\n')) {
    const m = /^nodejs_gc_duration_seconds_(sum|count|bucket)\{(?:le="([^"]+)",)?kind="(\w+)"\} ([\d.e+-]+)$/.exec(line);
    if (m === null) continue;
    const [, what, le, kind, value] = m as unknown as [string, string, string | undefined, string, string];
    if (what === 'sum') out.seconds[kind] = Number(value);
    else if (what === 'count') out.count[kind] = Number(value);
    else if (kind === 'minor' && le === '0.01') minorUnder10 = Number(value);
  }
  out.minorOver10ms = (out.count.minor ?? 0) - minorUnder10;
  return out;
}

export async function readGc(adminPort: number): Promise<GcReading | null> {
  try {
    const r = await fetch(`http://127.0.0.1:${adminPort}/metrics`);
    return parseGcMetrics(await r.text());
  } catch {
    return null;
  }
}

/** "GC 12 ms/s (minor 40 × 0.3 ms, 0 over 10 ms; major 1)" for the notes column. */
export function describeGc(before: GcReading, after: GcReading, seconds: number): string {
  const d = (rec: 'seconds' | 'count', kind: string): number => (after[rec][kind] ?? 0) - (before[rec][kind] ?? 0);
  const total = Object.keys(after.seconds).reduce((a, k) => a + d('seconds', k), 0);
  const minor = d('count', 'minor');
  const minorMs = minor === 0 ? 0 : (d('seconds', 'minor') * 1000) / minor;
  return `GC ${(total * 1000 / seconds).toFixed(0)} ms/s (minor ${minor} × ${minorMs.toFixed(1)} ms, ${after.minorOver10ms - before.minorOver10ms} over 10 ms; major ${d('count', 'major')})`;
}
