import type { Condition } from '@gatehouse/domain/object/meta';
import type { ListenerState } from '../compile/gateway-listeners';
import type { ListenerSetReason, ServedListenerSet } from '../compile/listener-sets';
import type { ObjectStatus } from '../compile/object-status';
import { GATEWAY_GROUP } from '../input/gateway-input';
import type { ListenerSetView } from '../input/listener-set-input';
import { type ConditionContext, makeCondition } from './condition';
import { resolvedRefsCondition } from './gateway-status';

/**
 * One `status.listeners[]` entry (ListenerEntryStatus). A conflicted entry is neither Accepted nor Programmed, both
 * with the conflict's reason (HostnameConflict / ProtocolConflict), as the v1.6 conformance suite checks for
 * ListenerSet listeners; otherwise the Gateway listener vocabulary applies (PortUnavailable, UnsupportedProtocol, …).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenerentrystatus
 */
function listenerEntryStatus(ctx: ConditionContext, s: ListenerState): Record<string, unknown> {
  const conflict = s.conflict;
  const conditions: Condition[] = [
    conflict !== null
      ? makeCondition(ctx, 'Accepted', false, conflict.reason, conflict.message)
      : s.notAccepted === null
        ? makeCondition(ctx, 'Accepted', true, 'Accepted', 'listener is valid')
        : makeCondition(ctx, 'Accepted', false, s.notAccepted.reason, s.notAccepted.message),
    resolvedRefsCondition(ctx, s),
    s.programmed
      ? makeCondition(ctx, 'Programmed', true, 'Programmed', `serving ${s.listener.protocol} on port ${s.listener.port}`)
      : conflict !== null
        ? makeCondition(ctx, 'Programmed', false, conflict.reason, conflict.message)
        : makeCondition(ctx, 'Programmed', false, 'Invalid', s.notAccepted?.message ?? s.notProgrammable ?? 'listener is not valid'),
    conflict === null
      ? makeCondition(ctx, 'Conflicted', false, 'NoConflicts', 'no conflicts')
      : makeCondition(ctx, 'Conflicted', true, conflict.reason, conflict.message),
  ];
  return { name: s.listener.name, supportedKinds: s.supportedKinds, attachedRoutes: s.attachedRoutes.size, conditions };
}

function statusOf(ls: ListenerSetView, now: string, accepted: { ok: boolean; reason: ListenerSetReason; message: string }, listeners: ListenerState[]): ObjectStatus {
  const ctx: ConditionContext = { generation: ls.meta.generation, now };
  const conditions = [
    makeCondition(ctx, 'Accepted', accepted.ok, accepted.reason, accepted.message),
    // Programmed follows Accepted: an accepted ListenerSet has at least one programmed listener.
    accepted.ok
      ? makeCondition(ctx, 'Programmed', true, 'Programmed', `${listeners.filter((s) => s.programmed).length} of ${listeners.length} listener(s) programmed`)
      : makeCondition(ctx, 'Programmed', false, accepted.reason, accepted.message),
  ];
  return {
    group: GATEWAY_GROUP,
    kind: 'ListenerSet',
    namespace: ls.meta.namespace,
    name: ls.meta.name,
    status: { conditions, listeners: listeners.map((s) => listenerEntryStatus(ctx, s)) },
  };
}

/**
 * ListenerSet status: Accepted and Programmed (reasons of v1.6 `ListenerSetConditionReason`) and one entry per
 * evaluated listener. A ListenerSet its Gateway does not allow gets NotAllowed on both and no listener entries.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenersetstatus
 */
export function buildListenerSetStatus(served: ServedListenerSet, now: string): ObjectStatus {
  return statusOf(served.listenerSet, now, served.accepted, served.listeners);
}

/** A ListenerSet whose parent is not a Gateway we could serve: Invalid (parentRef not a Gateway) or ParentNotAccepted. */
export function buildUnattachedListenerSetStatus(ls: ListenerSetView, now: string, reason: 'Invalid' | 'ParentNotAccepted', message: string): ObjectStatus {
  return statusOf(ls, now, { ok: false, reason, message }, []);
}
