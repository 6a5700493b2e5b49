import type { PlanAction, PlanItem, PushOutcome, PushRecord } from '@gatehouse/domain/cluster/cluster.schema';
import type { Tone } from '../resources/describe-status';

/** What the words need of an object in a plan, a push or the drift list. */
export interface ObjectRefLike {
  kind: string;
  namespace?: string | undefined;
  name: string;
}

/** "HTTPRoute shop/web", "GatewayClass gatehouse" (cluster-wide objects have no namespace). */
export function objectLabel(o: ObjectRefLike): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** A stable key for React lists and expanded rows. */
export function objectKeyOf(o: ObjectRefLike): string {
  return `${o.kind}/${o.namespace ?? ''}/${o.name}`;
}

const ACTION_WORDS: Record<PlanAction, { heading: string; count: string; tone: Tone }> = {
  create: { heading: 'Create', count: 'to create', tone: 'ok' },
  update: { heading: 'Update', count: 'to update', tone: 'pending' },
  delete: { heading: 'Delete', count: 'to delete', tone: 'bad' },
  unchanged: { heading: 'Unchanged', count: 'unchanged', tone: 'neutral' },
};

/** Groups in the order a person reads a plan: what changes first, what stays last. */
const ACTION_ORDER: PlanAction[] = ['create', 'update', 'delete', 'unchanged'];

export interface PlanGroup<T extends PlanItem = PlanItem> {
  action: PlanAction;
  heading: string;
  tone: Tone;
  items: T[];
}

/** Plan items by action (create, update, delete, unchanged), each group keeping the server's apply order; empty groups left out. */
export function groupPlan<T extends PlanItem>(items: T[]): PlanGroup<T>[] {
  return ACTION_ORDER.map((action) => ({ action, heading: ACTION_WORDS[action].heading, tone: ACTION_WORDS[action].tone, items: items.filter((i) => i.action === action) }))
    .filter((g) => g.items.length > 0);
}

/** "2 to create, 1 to update, 5 unchanged · 1 with problems" — or that there is nothing in these namespaces. */
export function summarizePlan(items: PlanItem[]): string {
  if (items.length === 0) return 'Nothing to push: Gatehouse has no objects in these namespaces.';
  const parts = ACTION_ORDER.map((a) => ({ a, n: items.filter((i) => i.action === a).length })).filter((x) => x.n > 0).map((x) => `${x.n} ${ACTION_WORDS[x.a].count}`);
  const problems = items.filter((i) => i.problems.length > 0).length;
  const changes = items.filter((i) => i.action !== 'unchanged').length;
  const head = changes === 0 ? `Everything is in place: ${parts.join(', ')}.` : `${parts.join(', ')}.`;
  return problems > 0 ? `${head} ${problems} object${problems === 1 ? ' has' : 's have'} problems and will fail unless fixed.` : head;
}

export interface PushPreview {
  /** Objects a push deletes (prune on) or leaves behind (prune off). */
  deletes: string[];
  /** Objects that would fail as planned; conflicts are taken over when force is on. */
  failing: string[];
  conflicts: string[];
  changes: number;
  /** The sentence the confirmation dialog leads with. */
  summary: string;
}

const isConflict = (i: PlanItem) => i.problems.some((p) => p.startsWith('conflict with another field manager'));

/**
 * What the push confirmation says before anything is written: how many objects change, every object prune would
 * delete (by name), and which objects will fail (conflicts only fail without force).
 */
export function previewPush(items: PlanItem[], opts: { prune: boolean; force: boolean }): PushPreview {
  const deletes = items.filter((i) => i.action === 'delete').map(objectLabel);
  const conflicts = items.filter(isConflict).map(objectLabel);
  const failing = items.filter((i) => i.problems.length > 0 && !(opts.force && isConflict(i) && i.problems.length === 1)).map(objectLabel);
  const writes = items.filter((i) => i.action === 'create' || i.action === 'update').length + (opts.prune ? deletes.length : 0);
  const parts: string[] = [];
  parts.push(writes === 0 ? 'Nothing will be written to the cluster' : `${writes} object${writes === 1 ? '' : 's'} will be written to the cluster`);
  if (deletes.length > 0) parts.push(opts.prune ? `${deletes.length} of them deleted` : `${deletes.length} object${deletes.length === 1 ? '' : 's'} Gatehouse no longer has will be left in place (prune is off)`);
  return { deletes, failing, conflicts, changes: writes, summary: `${parts.join('; ')}.` };
}

const OUTCOME_ORDER: PushOutcome[] = ['created', 'configured', 'deleted', 'unchanged', 'skipped', 'failed'];
const OUTCOME_TONE: Record<PushOutcome, Tone> = { created: 'ok', configured: 'ok', deleted: 'ok', unchanged: 'neutral', skipped: 'pending', failed: 'bad' };

export function outcomeTone(outcome: string): Tone {
  return OUTCOME_TONE[outcome as PushOutcome] ?? 'neutral';
}

/** Outcome counts in a fixed order (`{created: 3, failed: 1}` → "3 created, 1 failed"). */
export function describeCounts(counts: Record<string, number>): string {
  const known = OUTCOME_ORDER.filter((o) => (counts[o] ?? 0) > 0).map((o) => `${counts[o]} ${o}`);
  const other = Object.keys(counts).filter((k) => !OUTCOME_ORDER.includes(k as PushOutcome) && (counts[k] ?? 0) > 0).sort().map((k) => `${counts[k]} ${k}`);
  const all = [...known, ...other];
  return all.length === 0 ? 'no objects' : all.join(', ');
}

export function countOutcomes(items: { outcome: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const i of items) counts[i.outcome] = (counts[i.outcome] ?? 0) + 1;
  return counts;
}

/** Push items with the failures first, then in the order they were applied. */
export function orderOutcomes<T extends { outcome: string }>(items: T[]): T[] {
  return items.map((item, i) => ({ item, i })).sort((a, b) => Number(b.item.outcome === 'failed') - Number(a.item.outcome === 'failed') || a.i - b.i).map((x) => x.item);
}

/** "Push #3 succeeded: 2 created, 6 unchanged". */
export function describePushResult(r: { push: number; outcome: string; items: { outcome: string }[] }): string {
  return `Push #${r.push} ${r.outcome}: ${describeCounts(countOutcomes(r.items))}.`;
}

export const PUSH_RECORD_TONE: Record<PushRecord['outcome'], Tone> = { succeeded: 'ok', partial: 'pending', failed: 'bad' };

/** Push records newest first (by number; the server sends them so, this keeps it so). */
export function newestFirst<T extends { push: number }>(records: T[]): T[] {
  return [...records].sort((a, b) => b.push - a.push);
}

/** "prune, force", or "—" when neither was asked for. */
export function describePushOptions(r: { prune: boolean; force: boolean }): string {
  const opts = [r.prune ? 'prune' : '', r.force ? 'force' : ''].filter(Boolean);
  return opts.length === 0 ? 'no prune, no force' : opts.join(', ');
}

/** Namespaces typed into a field: separated by commas or spaces, duplicates dropped, order kept. */
export function parseNamespaces(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean))];
}

const IMPORT_WORDS: Record<string, string> = { created: 'would be created', configured: 'would be changed', unchanged: 'already the same' };
const IMPORTED_WORDS: Record<string, string> = { created: 'created', configured: 'changed', unchanged: 'unchanged' };

/** Import results grouped by outcome ("would be created", "would be changed", …) for the preview and the result. */
export function groupImport<T extends { outcome: string }>(results: T[], dryRun: boolean): { outcome: string; heading: string; items: T[] }[] {
  const words = dryRun ? IMPORT_WORDS : IMPORTED_WORDS;
  const order = ['created', 'configured', 'unchanged'];
  const outcomes = [...order, ...[...new Set(results.map((r) => r.outcome))].filter((o) => !order.includes(o)).sort()];
  return outcomes
    .map((outcome) => ({ outcome, heading: words[outcome] ?? outcome, items: results.filter((r) => r.outcome === outcome) }))
    .filter((g) => g.items.length > 0);
}

/** "3 objects would be imported, 1 skipped" / "Imported 3 objects; 1 skipped". */
export function summarizeImport(r: { dryRun: boolean; results: { outcome: string }[]; skipped: unknown[] }): string {
  const n = r.results.filter((x) => x.outcome !== 'unchanged').length;
  const same = r.results.length - n;
  const objects = (k: number) => `${k} object${k === 1 ? '' : 's'}`;
  const head = r.dryRun
    ? (n === 0 ? 'Nothing would change in Gatehouse' : `${objects(n)} would be created or changed in Gatehouse`)
    : (n === 0 ? 'Nothing changed in Gatehouse' : `Imported ${objects(n)} into Gatehouse`);
  const tail = [same > 0 ? `${same} already the same` : '', r.skipped.length > 0 ? `${r.skipped.length} skipped` : ''].filter(Boolean);
  return `${head}${tail.length ? ` (${tail.join(', ')})` : ''}.`;
}
