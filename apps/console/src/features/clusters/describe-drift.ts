import type { DriftItem, ImportRequest, PushRequest } from '@gatehouse/domain/cluster/cluster.schema';
import type { Tone } from '../resources/describe-status';
import { objectLabel } from './describe-plan';

export const DRIFT_STATE_WORDS: Record<DriftItem['state'], { label: string; tone: Tone; explain: string }> = {
  changed: { label: 'Changed in the cluster', tone: 'pending', explain: 'Someone changed fields Gatehouse set.' },
  deleted: { label: 'Deleted from the cluster', tone: 'bad', explain: 'The object Gatehouse pushed is gone from the cluster.' },
};

/** The object a drift action is about, as the push and import requests name it. */
function refOf(item: DriftItem) {
  return { kind: item.kind, ...(item.namespace ? { namespace: item.namespace } : {}), name: item.name };
}

/**
 * Re-push of one drifted object: Gatehouse's version again, forced (the drift usually means another field manager
 * now owns the fields). A cluster-wide object (a GatewayClass) is pushed with the namespaces of the last push,
 * whose Gateways name it; undefined when there is none to use.
 */
export function repushRequest(item: DriftItem, lastPushNamespaces: string[] = []): PushRequest | undefined {
  const namespaces = item.namespace ? [item.namespace] : lastPushNamespaces;
  if (namespaces.length === 0) return undefined;
  return { namespaces, objects: [refOf(item)], force: true, prune: false };
}

/** Import of the cluster's version of one object into Gatehouse (Secret values are never part of it). */
export function importRequest(item: DriftItem): ImportRequest | undefined {
  // Nothing to import when the object is gone, and cluster-wide objects come only with their Gateways.
  if (item.state === 'deleted' || !item.namespace) return undefined;
  return { namespaces: [item.namespace], objects: [refOf(item)], dryRun: false, includeSecretValues: false };
}

/** "Re-push HTTPRoute shop/web?" — what the confirmation says will happen. */
export function describeDriftAction(action: 'repush' | 'import', item: DriftItem, cluster: string): { title: string; body: string; confirm: string } {
  const what = objectLabel(item);
  if (action === 'repush') {
    return {
      title: `Re-push ${what}`,
      body: `Gatehouse's version of ${what} is applied to cluster ${cluster} again, with force: fields another field manager took over become Gatehouse's again, and their change is undone.`,
      confirm: 'Re-push',
    };
  }
  return {
    title: `Import the cluster's version of ${what}`,
    body: `The object as cluster ${cluster} holds it now replaces ${what} in Gatehouse (validated and audited like any change). Nothing in the cluster changes.`,
    confirm: 'Import',
  };
}
