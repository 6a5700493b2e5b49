import type { Drift } from '@gatehouse/domain/cluster/cluster.schema';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { detectDrift, type PushedRecord } from '@gatehouse/kube/sync/drift';
import { authorize, type RequestContext } from '../../auth/principal';
import type { Logger } from '../../runtime-types';
import { redactForAudit } from '../../store/resource-codec';
import type { ServiceDeps } from '../deps';
import { clientFor, findCluster, reaching, type ClusterRow } from './cluster-access';

/** Compares one cluster with what Gatehouse last pushed to it and records the drift found on each object. */
async function checkDrift(deps: ServiceDeps, row: ClusterRow): Promise<Drift> {
  const rows = await deps.db.prisma.clusterObject.findMany({ where: { clusterId: row.id } });
  const records: PushedRecord[] = rows.map((r) => ({
    key: r.key, apiVersion: r.apiVersion, kind: r.kind, ...(r.namespace ? { namespace: r.namespace } : {}), name: r.name, manifest: JSON.parse(r.manifest) as KubeObject,
  }));
  const found = await reaching(row.name, () => detectDrift(clientFor(deps.key, row), records, (o) => redactForAudit(o, deps.key)));
  const now = deps.now();
  const byKey = new Map(found.map((f) => [f.key, f]));
  // Only rows whose state moved are written: a steady cluster costs one read per check, no writes.
  for (const r of rows) {
    const f = byKey.get(r.key);
    const state = f?.state ?? null;
    const diff = f?.diff ?? null;
    if (r.driftState !== state || r.driftDiff !== diff) {
      await deps.db.prisma.clusterObject.updateMany({ where: { clusterId: row.id, key: r.key }, data: { driftState: state, driftDiff: diff, driftCheckedAt: now } });
    }
  }
  return {
    checkedAt: now.toISOString(),
    items: found.map((f) => ({ apiVersion: f.apiVersion, kind: f.kind, ...(f.namespace ? { namespace: f.namespace } : {}), name: f.name, state: f.state, diff: f.diff })),
  };
}

/** Objects Gatehouse pushed that were changed or deleted in the cluster by someone else (checked now). */
export async function clusterDrift(deps: ServiceDeps, ctx: RequestContext, name: string): Promise<Drift> {
  authorize(ctx, 'clusters.read');
  return checkDrift(deps, await findCluster(deps.db, name));
}

/** Drift recorded by the last check for one object, in every cluster (object pages and lists show it). */
export async function driftOfObject(deps: ServiceDeps, ctx: RequestContext, ref: { kind: string; namespace?: string; name: string }) {
  authorize(ctx, 'clusters.read');
  const rows = await deps.db.prisma.clusterObject.findMany({ where: { kind: ref.kind, namespace: ref.namespace ?? '', name: ref.name, driftState: { not: null } } });
  const clusters = await deps.db.prisma.cluster.findMany({ where: { id: { in: rows.map((r) => r.clusterId) } }, select: { id: true, name: true } });
  const names = new Map(clusters.map((c) => [c.id, c.name]));
  return rows.map((r) => ({ cluster: names.get(r.clusterId) ?? r.clusterId, state: r.driftState as 'changed' | 'deleted', diff: r.driftDiff ?? '', checkedAt: r.driftCheckedAt?.toISOString() ?? '' }));
}

/**
 * Drift is found by periodic comparison, not by watches: every `intervalMs` each cluster's pushed objects are
 * listed (one LIST per kind and namespace) and compared with what was applied. Why not a watch: every console
 * replica would hold watches on every cluster, and a watch only says *that* something changed — the comparison
 * is needed anyway to say *what*. With the default 15 s, a change is noticed within 15 s plus one check.
 * Unref'd; passes never overlap; an unreachable cluster is logged and tried again next time.
 */
export function startDriftChecks(deps: ServiceDeps, log: Logger, intervalMs: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    (async () => {
      for (const row of await deps.db.prisma.cluster.findMany()) {
        try {
          await checkDrift(deps, row);
        } catch (e) {
          log.warn({ cluster: row.name, err: e instanceof Error ? e.message : String(e) }, 'drift check failed');
        }
      }
    })()
      .catch((e: unknown) => log.error({ err: e instanceof Error ? e.message : String(e) }, 'drift pass failed'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
