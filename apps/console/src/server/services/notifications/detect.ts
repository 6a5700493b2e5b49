import type { CheckResult } from '@gatehouse/domain/notification/notification.schema';
import { readRevision } from '../../store/revision';
import type { ServiceDeps } from '../deps';
import { detectExpiringCertificates, EXPIRY_THRESHOLDS_DAYS } from './detectors/certificate-expiry';
import { detectClusterDrift, type ClusterDrift } from './detectors/cluster-drift';
import { detectFailedPushes, PUSH_LOOKBACK_MS, type PushForCheck } from './detectors/cluster-push';
import { DAY_MS, type NotificationDraft } from './detectors/draft';
import { detectWorkerProblems, type WorkerCheckOptions } from './detectors/workers';
import { recordNotification } from './record';

/**
 * How long each worker has been behind, per database (one console runtime per database; tests make several).
 * In memory: after a restart the grace period starts again, and each replica keeps its own clock — the dedupe
 * key (worker and revision) still makes the notification one.
 */
const pendingByDb = new WeakMap<object, Map<string, number>>();

export interface DetectOptions {
  workers?: WorkerCheckOptions;
}

async function certificateDrafts(deps: ServiceDeps, now: Date): Promise<NotificationDraft[]> {
  const horizon = new Date(now.getTime() + Math.max(...EXPIRY_THRESHOLDS_DAYS) * DAY_MS);
  const rows = await deps.db.prisma.certificate.findMany({
    where: { revokedAt: null, supersededById: null, notAfter: { lte: horizon } },
    select: { id: true, name: true, commonName: true, serialHex: true, notAfter: true, isCA: true, autoRenew: true, revokedAt: true, supersededById: true },
  });
  if (rows.length === 0) return [];
  const bindings = await deps.db.prisma.secretBinding.findMany({ where: { certificateId: { in: rows.map((r) => r.id) } }, select: { certificateId: true, kind: true, namespace: true, name: true } });
  const boundTo = new Map<string, string[]>();
  for (const b of bindings) boundTo.set(b.certificateId, [...(boundTo.get(b.certificateId) ?? []), `${b.kind} ${b.namespace}/${b.name}`]);
  return detectExpiringCertificates(rows.map((r) => ({ ...r, boundTo: (boundTo.get(r.id) ?? []).sort() })), now);
}

async function workerDrafts(deps: ServiceDeps, now: Date, options: WorkerCheckOptions | undefined): Promise<NotificationDraft[]> {
  const [workers, revision] = await Promise.all([
    deps.db.prisma.workerStatus.findMany({ select: { id: true, name: true, revision: true, lastSeenAt: true } }),
    readRevision(deps.db),
  ]);
  const found = detectWorkerProblems(workers, revision, now, pendingByDb.get(deps.db) ?? new Map(), options);
  pendingByDb.set(deps.db, found.pending);
  return found.drafts;
}

async function driftDrafts(deps: ServiceDeps): Promise<NotificationDraft[]> {
  const prisma = deps.db.prisma;
  const rows = await prisma.clusterObject.findMany({
    where: { driftState: { not: null } },
    select: { clusterId: true, key: true, kind: true, namespace: true, name: true, driftState: true, driftCheckedAt: true, pushedAt: true },
  });
  if (rows.length === 0) return [];
  const clusters = await prisma.cluster.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.clusterId))] } }, select: { id: true, name: true } });
  const input: ClusterDrift[] = [];
  for (const c of clusters) {
    const last = await prisma.notification.findFirst({
      where: { type: 'cluster.drift', subjectKind: 'Cluster', subjectName: c.name, subjectId: c.id },
      orderBy: { id: 'desc' },
      select: { detail: true },
    });
    const previous = last?.detail ? (JSON.parse(last.detail) as { episodes?: string[] }).episodes : undefined;
    input.push({
      clusterId: c.id, clusterName: c.name,
      objects: rows.filter((r) => r.clusterId === c.id).map((r) => ({ key: r.key, kind: r.kind, namespace: r.namespace, name: r.name, state: r.driftState!, since: r.driftCheckedAt ?? r.pushedAt })),
      ...(previous ? { previousEpisodes: previous } : {}),
    });
  }
  return detectClusterDrift(input);
}

async function pushDrafts(deps: ServiceDeps, now: Date): Promise<NotificationDraft[]> {
  const prisma = deps.db.prisma;
  const rows = await prisma.clusterPush.findMany({ where: { outcome: { in: ['failed', 'partial'] }, time: { gte: new Date(now.getTime() - PUSH_LOOKBACK_MS) } } });
  if (rows.length === 0) return [];
  const clusters = await prisma.cluster.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.clusterId))] } }, select: { id: true, name: true } });
  const names = new Map(clusters.map((c) => [c.id, c.name]));
  const pushes: PushForCheck[] = rows.filter((r) => names.has(r.clusterId)).map((r) => ({
    clusterId: r.clusterId, clusterName: names.get(r.clusterId)!, number: r.number, time: r.time, actorName: r.actorName, outcome: r.outcome,
    items: (JSON.parse(r.items) as PushForCheck['items'] | null) ?? [],
  }));
  return detectFailedPushes(pushes, now);
}

/**
 * One pass of every detector over the store (certificates, workers, cluster drift, pushes); what is due and not
 * yet notified is recorded, with its deliveries queued. Answers what was new.
 */
export async function runDetectors(deps: ServiceDeps, options: DetectOptions = {}): Promise<CheckResult> {
  const now = deps.now();
  const drafts = [
    ...(await certificateDrafts(deps, now)),
    ...(await workerDrafts(deps, now, options.workers)),
    ...(await driftDrafts(deps)),
    ...(await pushDrafts(deps, now)),
  ];
  const result: CheckResult = { created: 0, types: {} };
  for (const d of drafts) {
    if ((await recordNotification(deps, d)) === undefined) continue;
    result.created++;
    result.types[d.type] = (result.types[d.type] ?? 0) + 1;
  }
  return result;
}
