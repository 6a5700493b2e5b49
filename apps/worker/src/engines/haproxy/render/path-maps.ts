import type { MatchEntry } from '@gatehouse/compiler/routing-table/routing-table';
import type { RuntimeFiles } from './runtime-files';
import { comment } from './syntax';

/**
 * The entry lines of the host classes, with runs of plain path entries looked up in map files instead of one rule
 * line each (every request runs every rule line of its frontend: 10 000 PathPrefix routes were 10 000 lines).
 *
 * A plain entry matches on its path alone: an Exact path, or a PathPrefix other than "/" (no method, header or query
 * terms). Its key is `<class>|<path>/` (the class and the request path with a `/` appended, `txn.pk`): an Exact path
 * `/x` is the key `<class>|/x/` looked up with map_str (equal ⇔ the path is `/x`), a PathPrefix `/x` is the key
 * `<class>|/x/` looked up with map_beg (begins with it ⇔ the path is `/x` or continues it with `/`: segment-wise).
 *
 * Precedence. The entries of a class are in precedence order and the first whose terms hold wins. A run of consecutive
 * plain entries in which every Exact comes before every PathPrefix and the prefixes do not get longer (the compiler's
 * order, Gateway API: exact > longest prefix; a run is cut where that does not hold) picks the same entry as a map
 * lookup does: the Exact map first, then the prefix map, whose match is the longest key that begins the path
 * (HAProxy keeps `beg` patterns of a map in a prefix tree; configuration.txt 7.3.1 "map": "strings are stored in
 * trees, so the first of the finest match will be used" — and checked against haproxy 2.6 by the worker suites).
 * The rows are written in precedence order and a repeated key only once, so a first-match reading of the file would
 * pick the same entry. Lines of different classes exclude each other (`txn.hc` has one value), so the k-th run of
 * every class shares the k-th pair of maps, and a class's lines between its runs go between those lookups.
 */

/** Paths written into map keys as they are (no white space, `#`, quotes or escapes; what a CRD-valid path holds). */
const MAP_PATH = /^\/[A-Za-z0-9/._~!$&'()*+,;=:@%-]*$/;
/** A level of maps holding fewer entries than this is written as lines (a lookup costs about a line). */
const MIN_MAPPED = 2;

export interface ClassChain {
  /** The host class (`txn.hc`). */
  id: number;
  /** Its comment line text. */
  title: string;
  /** Its entries in precedence order, each with its `txn.e` id and its rule line. */
  entries: Array<{ entry: MatchEntry; id: number; line: string }>;
}

export interface EntryChain {
  /** The configuration lines (rule lines, map lookups, comments), in order. */
  lines: string[];
  /** Whether any lookup reads `txn.pk` (the caller sets it before these lines). */
  usesKey: boolean;
}

/** The map key of a plain entry (see above), or null when it is not plain. */
function keyOf(e: MatchEntry): { exact: boolean; path: string } | null {
  if (e.method !== null || e.headers.length > 0 || e.queryParams.length > 0) return null;
  const path = e.pathType === 'Exact' ? e.pathValue : e.pathType === 'PathPrefix' && e.pathPrefix !== '' ? e.pathPrefix : null;
  if (path === null || !MAP_PATH.test(path)) return null;
  return { exact: e.pathType === 'Exact', path: `${path}/` };
}

interface Run {
  exact: Array<{ key: string; id: number }>;
  prefix: Array<{ key: string; id: number }>;
  /** Length of the last prefix's path. */
  lastPrefix: number;
  lines: string[];
}

/** The lines of the classes' entries; `files` receives the map files. */
export function renderEntryChain(classes: readonly ClassChain[], files: RuntimeFiles): EntryChain {
  // Per level k: the lines written before the k-th lookup (buckets[k]) and the runs it looks up (levels[k]).
  const buckets: string[][] = [[]];
  const levels: Array<Array<{ cls: ClassChain; run: Run }>> = [];
  for (const c of classes) {
    let level = 0;
    let run: Run | null = null;
    let titled = -1;
    const title = (): void => {
      if (titled === level) return;
      (buckets[level] as string[]).push(comment(c.title));
      titled = level;
    };
    const close = (): void => {
      if (run === null) return;
      (levels[level] ??= []).push({ cls: c, run });
      level++;
      buckets[level] ??= [];
      run = null;
    };
    // A class without lines (the classes map names its entry) keeps its comment.
    if (c.entries.length === 0) title();
    for (const { entry, id, line } of c.entries) {
      const k = keyOf(entry);
      if (k === null) {
        close();
        title();
        (buckets[level] as string[]).push(line);
        continue;
      }
      const r: Run | null = run;
      // Cut the run where a map lookup would not pick what the order picks (an Exact after a prefix, a longer prefix).
      if (r !== null && r.prefix.length > 0 && (k.exact || k.path.length > r.lastPrefix)) close();
      run ??= { exact: [], prefix: [], lastPrefix: 0, lines: [] };
      const row = { key: `${c.id}|${k.path}`, id };
      if (k.exact) run.exact.push(row);
      else {
        run.prefix.push(row);
        run.lastPrefix = k.path.length;
      }
      run.lines.push(line);
    }
    close();
  }
  const lines: string[] = [];
  let usesKey = false;
  buckets.forEach((bucket, k) => {
    for (const line of bucket) lines.push(line); // no spread: a bucket may hold more lines than the stack arguments
    const runs = levels[k] ?? [];
    const count = runs.reduce((n, { run }) => n + run.exact.length + run.prefix.length, 0);
    if (count === 0) return;
    if (count < MIN_MAPPED) {
      for (const { cls, run } of runs) lines.push(comment(cls.title), ...run.lines);
      return;
    }
    usesKey = true;
    for (const [kind, converter, pick] of [['paths', 'map_str_int', (r: Run) => r.exact], ['prefixes', 'map_beg_int', (r: Run) => r.prefix]] as const) {
      const rows: string[] = [];
      const seen = new Set<string>();
      for (const { cls, run } of runs) {
        // A repeated key is shadowed by its first row (the order's first match): written once.
        const own = pick(run).filter((row) => {
          if (seen.has(row.key)) return false;
          seen.add(row.key);
          return true;
        });
        if (own.length > 0) rows.push(comment(cls.title));
        for (const row of own) rows.push(`${row.key} ${row.id}`);
      }
      if (rows.length === 0) continue;
      // A key the map lacks fails the converter: set-var does nothing and txn.e stays 0.
      lines.push(`http-request set-var(txn.e) var(txn.pk),${converter}(${files.add(kind, 'map', `${rows.join('\n')}\n`)}) if { var(txn.e) -m int 0 }`);
    }
  });
  return { lines, usesKey };
}
