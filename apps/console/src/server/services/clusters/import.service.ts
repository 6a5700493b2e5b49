import { ImportRequestSchema } from '@gatehouse/domain/cluster/cluster.schema';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { isOwnedBy } from '@gatehouse/kube/render/ownership';
import { objectKey, renderForCluster } from '@gatehouse/kube/render/render-for-cluster';
import { fromCluster, IMPORTED_KINDS, skipReason } from '@gatehouse/kube/sync/from-cluster';
import { loadLiveIndex } from '@gatehouse/kube/sync/live-index';
import { appendAuditEvent } from '../../audit/audit.repo';
import { authorize, type RequestContext } from '../../auth/principal';
import { redactForAudit } from '../../store/resource-codec';
import { applyObjects, type ApplyResult } from '../apply.service';
import type { ServiceDeps } from '../deps';
import { runWrite } from '../write-transaction';
import { clientFor, clusterRef, findCluster, ownership, reaching } from './cluster-access';

export interface ImportResult extends ApplyResult {
  /** Objects read but not imported, with the reason (service account tokens, Secrets without asking for values). */
  skipped: { kind: string; namespace?: string; name: string; reason: string }[];
}

/**
 * Reads Gateway API objects, UpstreamTLSPolicies, Services (kept as references: a push never overwrites them),
 * ConfigMaps and — only when an admin asks — Secrets with their values from cluster namespaces, and applies them
 * through the apply service (validated, audited, all or nothing). `dryRun` previews what would be created or
 * changed. Objects the cluster holds that Gatehouse did not push are recorded as adopted: pushes leave them
 * unmarked (the next plan shows them unchanged) and a prune never deletes them.
 */
export async function importFromCluster(deps: ServiceDeps, ctx: RequestContext, name: string, input: unknown): Promise<ImportResult> {
  authorize(ctx, 'resources.write');
  authorize(ctx, 'clusters.push');
  const body = parseOrThrow(ImportRequestSchema, input, 'import');
  if (body.includeSecretValues) authorize(ctx, 'clusters.manage');
  const row = await findCluster(deps.db, name);
  const rest = clientFor(deps.key, row);
  const own = await ownership(deps);
  const index = await reaching(name, () => loadLiveIndex(rest, IMPORTED_KINDS, body.namespaces));
  const only = body.objects ? new Set(body.objects.map((o) => objectKey(o.kind, o.namespace, o.name))) : undefined;
  const skipped: ImportResult['skipped'] = [];
  const picked: KubeObject[] = [];
  for (const [key, live] of index.objects) {
    if (only && !only.has(key)) continue;
    const reason = skipReason(live) ?? (live.kind === 'Secret' && !body.includeSecretValues ? 'Secret values were not asked for (an admin may import them with includeSecretValues)' : undefined);
    if (reason) {
      skipped.push({ kind: live.kind, ...(live.metadata.namespace ? { namespace: live.metadata.namespace } : {}), name: live.metadata.name, reason });
      continue;
    }
    picked.push(live);
  }
  // GatewayClasses the imported Gateways name, when the cluster has them.
  const classNames = [...new Set(picked.filter((o) => o.kind === 'Gateway').map((o) => String((o.spec as { gatewayClassName?: string }).gatewayClassName ?? '')))].filter(Boolean);
  if (classNames.length > 0 && !only) {
    const classes = await reaching(name, () => loadLiveIndex(rest, [], [], classNames.map((n) => ({ kind: 'GatewayClass', name: n }))));
    picked.unshift(...classes.objects.values());
  }
  if (index.unserved.size > 0 && picked.length === 0 && skipped.length === 0) {
    throw new DomainError('unprocessable', `cluster ${name} serves none of ${[...index.unserved.keys()].join(', ')}: nothing to import`);
  }
  if (picked.length === 0) return { dryRun: body.dryRun, results: [], skipped };
  const objects = picked.map(fromCluster);
  const result = await applyObjects(deps, ctx, objects, { dryRun: body.dryRun });
  if (!body.dryRun) {
    const rendered = renderForCluster({ objects, namespaces: body.namespaces, ownership: own, adopted: new Set(picked.filter((o) => !isOwnedBy(o.metadata, own)).map((o) => objectKey(o.kind, o.metadata.namespace, o.metadata.name))) });
    const now = deps.now();
    await runWrite(deps, {}, async (tx) => {
      for (const live of picked) {
        const key = objectKey(live.kind, live.metadata.namespace, live.metadata.name);
        const r = rendered.find((x) => x.key === key);
        // Services stay the cluster's own (referenced): nothing of theirs is pushed, so nothing to track.
        if (!r || live.kind === 'Service') continue;
        const owned = isOwnedBy(live.metadata, own);
        const data = { apiVersion: live.apiVersion, kind: live.kind, namespace: live.metadata.namespace ?? '', name: live.metadata.name, owned, manifest: JSON.stringify(redactForAudit(r.manifest, deps.key)), pushedAt: now, driftState: null, driftDiff: null, driftCheckedAt: now };
        await tx.clusterObject.upsert({ where: { clusterId_key: { clusterId: row.id, key } }, create: { clusterId: row.id, key, ...data }, update: data });
      }
      await appendAuditEvent(tx, ctx, {
        action: 'cluster.import',
        ref: clusterRef(name),
        message: `imported ${objects.length} object(s) from namespaces ${body.namespaces.join(', ')}${body.includeSecretValues ? ' (Secret values included)' : ''}; ${skipped.length} skipped`,
      }, now);
    });
  }
  return { ...result, skipped };
}
