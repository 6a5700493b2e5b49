import { DAY_MS, type NotificationDraft } from './draft';

/** Pushes older than this are history, not news (a console that starts notifying does not replay a year of them). */
export const PUSH_LOOKBACK_MS = DAY_MS;

export interface PushForCheck {
  clusterId: string;
  clusterName: string;
  number: number;
  time: Date;
  actorName: string;
  outcome: string;
  /** ClusterPush.items, parsed: the outcome per object. */
  items: readonly { kind: string; namespace?: string; name: string; outcome: string; message?: string }[];
}

/** Failed and partly failed pushes of the last day, once per push, naming the objects that failed and why. */
export function detectFailedPushes(pushes: readonly PushForCheck[], now: Date, lookbackMs = PUSH_LOOKBACK_MS): NotificationDraft[] {
  const drafts: NotificationDraft[] = [];
  for (const p of pushes) {
    if (p.outcome !== 'failed' && p.outcome !== 'partial') continue;
    if (now.getTime() - p.time.getTime() > lookbackMs) continue;
    const failed = p.items.filter((i) => i.outcome === 'failed');
    const shown = failed.slice(0, 20);
    drafts.push({
      type: 'cluster.push-failed',
      severity: p.outcome === 'failed' ? 'critical' : 'warning',
      title: `Push #${p.number} to cluster ${p.clusterName} ${p.outcome === 'failed' ? 'failed' : 'partly failed'}`,
      body: [
        `${p.actorName} pushed at ${p.time.toISOString()}; ${failed.length} of ${p.items.length} object${p.items.length === 1 ? '' : 's'} failed:`,
        ...shown.map((i) => `- ${i.kind} ${i.namespace ? `${i.namespace}/` : ''}${i.name}: ${i.message ?? 'failed'}`),
        ...(failed.length > shown.length ? [`… and ${failed.length - shown.length} more (see the cluster's History tab).`] : []),
      ].join('\n'),
      subject: { kind: 'Cluster', name: p.clusterName, id: p.clusterId },
      dedupeKey: `cluster.push-failed/${p.clusterId}/${p.number}`,
      detail: { clusterId: p.clusterId, cluster: p.clusterName, push: p.number, outcome: p.outcome, failed: failed.map((i) => ({ kind: i.kind, namespace: i.namespace ?? '', name: i.name, message: i.message ?? '' })) },
    });
  }
  return drafts;
}
