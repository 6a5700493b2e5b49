import type { ServedGateway } from '../compile/gateway-listeners';
import type { ObjectStatus } from '../compile/object-status';
import { GATEWAY_GROUP } from '../input/gateway-input';
import { keyOf } from '../input/object-meta';
import type { SnapshotIndex } from '../input/snapshot-index';
import { buildListenerSetStatus, buildUnattachedListenerSetStatus } from './listener-set-status';

/**
 * The status of every ListenerSet that is ours: those of served Gateways, and those whose parent we would serve but
 * cannot (parentRef not a Gateway: Invalid; Gateway missing: ParentNotAccepted). A ListenerSet of another
 * controller's Gateway gets nothing from us.
 */
export function buildListenerSetStatuses(ix: SnapshotIndex, served: readonly ServedGateway[], now: string): ObjectStatus[] {
  const out: ObjectStatus[] = [];
  const done = new Set<string>();
  for (const gw of served) {
    for (const ls of gw.listenerSets) {
      out.push(buildListenerSetStatus(ls, now));
      done.add(ls.key);
    }
  }
  for (const ls of ix.listenerSets) {
    const key = keyOf(ls.meta.namespace, ls.meta.name);
    if (done.has(key)) continue;
    const p = ls.parentRef;
    const parentKey = keyOf(p.namespace, p.name);
    if (p.group !== GATEWAY_GROUP || p.kind !== 'Gateway') {
      out.push(buildUnattachedListenerSetStatus(ls, now, 'Invalid', `parentRef must be a Gateway (group ${GATEWAY_GROUP}), not ${p.kind}${p.group === '' ? '' : `.${p.group}`}`));
    } else if (!ix.gateways.some((g) => keyOf(g.meta.namespace, g.meta.name) === parentKey)) {
      out.push(buildUnattachedListenerSetStatus(ls, now, 'ParentNotAccepted', `Gateway ${parentKey} not found`));
    }
  }
  return out;
}
