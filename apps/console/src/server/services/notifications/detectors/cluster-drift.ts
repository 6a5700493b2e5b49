import { createHash } from 'node:crypto';
import type { NotificationDraft } from './draft';

export interface DriftedObject {
  /** Kind/namespace/name, as ClusterObject keys them. */
  key: string;
  kind: string;
  namespace: string;
  name: string;
  state: string;
  /** When the drift check recorded this state (it writes only when the state or diff moves). */
  since: Date;
}

export interface ClusterDrift {
  clusterId: string;
  clusterName: string;
  objects: readonly DriftedObject[];
  /** The episodes the cluster's last drift notification covered (undefined: none yet). */
  previousEpisodes?: readonly string[];
}

const episodeOf = (o: DriftedObject) => `${o.key}@${o.since.getTime()}`;
const label = (o: DriftedObject) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

/**
 * Drift, one notification per cluster listing every drifted object, made when an object drifted that the last
 * notification did not cover (a new object, or a new change to one already reported). A drift that stays as it
 * was notifies once; so does drift that only shrinks.
 */
export function detectClusterDrift(clusters: readonly ClusterDrift[]): NotificationDraft[] {
  const drafts: NotificationDraft[] = [];
  for (const c of clusters) {
    if (c.objects.length === 0) continue;
    const sorted = [...c.objects].sort((a, b) => a.key.localeCompare(b.key));
    const episodes = sorted.map(episodeOf);
    const previous = new Set(c.previousEpisodes ?? []);
    const fresh = sorted.filter((o) => !previous.has(episodeOf(o)));
    if (fresh.length === 0) continue;
    const n = sorted.length;
    const fingerprint = createHash('sha256').update(episodes.join('\n')).digest('hex').slice(0, 24);
    drafts.push({
      type: 'cluster.drift',
      severity: 'warning',
      title: `Drift in cluster ${c.clusterName}: ${n} object${n === 1 ? '' : 's'} changed outside Gatehouse`,
      body: [
        `${n === 1 ? 'This object' : 'These objects'} no longer match${n === 1 ? 'es' : ''} what Gatehouse pushed:`,
        ...sorted.map((o) => `- ${label(o)}: ${o.state === 'deleted' ? 'deleted in the cluster' : 'changed in the cluster'}${fresh.includes(o) && previous.size ? ' (new)' : ''}`),
        'Re-push Gatehouse\'s version or import the cluster\'s from the cluster\'s Drift tab.',
      ].join('\n'),
      subject: { kind: 'Cluster', name: c.clusterName, id: c.clusterId },
      dedupeKey: `cluster.drift/${c.clusterId}/${fingerprint}`,
      detail: { clusterId: c.clusterId, cluster: c.clusterName, objects: sorted.map((o) => ({ kind: o.kind, namespace: o.namespace, name: o.name, state: o.state })), episodes },
    });
  }
  return drafts;
}
