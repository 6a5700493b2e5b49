import { objectPath } from '../client/discovery';
import { statusMessage, type KubeRest } from '../client/kube-rest';
import { applyRank } from '../render/apply-order';
import type { PlannedObject } from './plan';
import { serverSideApply } from './plan';
import { mapPool } from './pool';

export type PushOutcome = 'created' | 'configured' | 'unchanged' | 'deleted' | 'failed' | 'skipped';

export interface PushedObject extends PlannedObject {
  outcome: PushOutcome;
  message: string;
}

export interface PushOptions {
  prune: boolean;
  force: boolean;
  concurrency?: number;
}

async function applyOne(rest: KubeRest, item: PlannedObject, force: boolean): Promise<PushedObject> {
  const r = item.rendered!;
  if (item.problems.length > 0 && !(item.conflict && force)) return { ...item, outcome: 'failed', message: item.problems.join('; ') };
  const res = await serverSideApply(rest, item.resource!, r.manifest, { force });
  if (res.status === 200 || res.status === 201) {
    return { ...item, outcome: res.status === 201 ? 'created' : 'configured', message: res.status === 201 ? 'created' : 'configured by server-side apply' };
  }
  if (res.status === 409) return { ...item, outcome: 'failed', message: `conflict with another field manager: ${statusMessage(res)} (push with force to take the fields over)` };
  return { ...item, outcome: 'failed', message: `the API server refused it (${res.status}): ${statusMessage(res)}` };
}

async function deleteOne(rest: KubeRest, item: PlannedObject, prune: boolean): Promise<PushedObject> {
  if (!prune) return { ...item, outcome: 'skipped', message: 'Gatehouse no longer has it; push with prune to delete it' };
  const live = item.live!;
  // The uid precondition makes sure the object deleted is the one planned, not a namesake made since.
  const res = await rest.request('DELETE', objectPath(item.resource!, item.namespace, item.name), {
    body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: live.metadata.uid }, propagationPolicy: 'Background' },
  });
  if (res.status === 200 || res.status === 202 || res.status === 404) return { ...item, outcome: 'deleted', message: res.status === 404 ? 'already gone' : 'deleted' };
  return { ...item, outcome: 'failed', message: `delete refused (${res.status}): ${statusMessage(res)}` };
}

/**
 * Carries out a plan: server-side apply (field manager `gatehouse`, forced only when asked) rank by rank in
 * dependency order (objects of one rank in parallel), then deletes in the reverse order. One object failing
 * (a conflict, a refusal) never stops the others; unchanged objects cost no request.
 */
export async function executePush(rest: KubeRest, plan: PlannedObject[], opts: PushOptions): Promise<PushedObject[]> {
  const out = new Map<string, PushedObject>();
  const applies = plan.filter((p) => p.action !== 'delete');
  const ranks = [...new Set(applies.map((p) => applyRank(p.kind)))].sort((a, b) => a - b);
  for (const rank of ranks) {
    const batch = applies.filter((p) => applyRank(p.kind) === rank);
    const done = await mapPool(batch, opts.concurrency ?? 8, async (item): Promise<PushedObject> => {
      if (item.action === 'unchanged') return { ...item, outcome: 'unchanged', message: item.note ?? 'unchanged' };
      return applyOne(rest, item, opts.force);
    });
    for (const d of done) out.set(d.key, d);
  }
  const deletes = plan.filter((p) => p.action === 'delete');
  for (const rank of [...new Set(deletes.map((p) => applyRank(p.kind)))].sort((a, b) => b - a)) {
    const batch = deletes.filter((p) => applyRank(p.kind) === rank);
    for (const d of await mapPool(batch, opts.concurrency ?? 8, (item) => deleteOne(rest, item, opts.prune))) out.set(d.key, d);
  }
  return plan.map((p) => out.get(p.key)!);
}
