import { GATEWAY_GROUP, type GatewayView, type ListenerView } from '../input/gateway-input';
import type { ListenerSetView } from '../input/listener-set-input';
import { keyOf } from '../input/object-meta';
import { labelsOfNamespace, type SnapshotIndex } from '../input/snapshot-index';
import type { ListenerState } from './gateway-listeners';
import { matchesLabelSelector } from './label-selector';

/** The ListenerSet condition reasons of Gateway API v1.6 (`ListenerSetConditionReason`). */
export type ListenerSetReason = 'Accepted' | 'NotAllowed' | 'ParentNotAccepted' | 'ListenersNotValid' | 'Invalid';

/** A ListenerSet whose parentRef names a Gateway we serve. */
export interface ServedListenerSet {
  listenerSet: ListenerSetView;
  key: string;
  /** NotAllowed: the Gateway's allowedListeners refuses the namespace; its listeners are then not evaluated at all. */
  allowed: { ok: boolean; message: string };
  /** Its listeners, merged after the Gateway's own and after older ListenerSets' ([] when not allowed). */
  listeners: ListenerState[];
  /**
   * Accepted=True when at least one listener is valid (the conformance suite's "at least one valid listener"), with
   * reason ListenersNotValid while some others are not; False with NotAllowed or ListenersNotValid otherwise.
   * Successfully attached ListenerSets are counted in the Gateway's `status.attachedListenerSets`.
   */
  accepted: { ok: boolean; reason: ListenerSetReason; message: string };
}

/** Does the ListenerSet's parentRef name this Gateway? */
export function namesGateway(ls: ListenerSetView, gateway: GatewayView): boolean {
  const p = ls.parentRef;
  return p.group === GATEWAY_GROUP && p.kind === 'Gateway' && p.namespace === gateway.meta.namespace && p.name === gateway.meta.name;
}

/**
 * `spec.allowedListeners.namespaces.from` of the parent Gateway: None (the default) admits no ListenerSet, Same only
 * the Gateway's namespace, Selector namespaces whose labels match, All every namespace.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenernamespaces
 */
export function allowsListenerSet(ix: SnapshotIndex, gateway: GatewayView, namespace: string): { ok: boolean; message: string } {
  const { from, selector } = gateway.allowedListeners;
  const gw = `Gateway ${keyOf(gateway.meta.namespace, gateway.meta.name)}`;
  switch (from) {
    case 'All':
      return { ok: true, message: `${gw} allows ListenerSets from all namespaces` };
    case 'Same':
      return namespace === gateway.meta.namespace
        ? { ok: true, message: `${gw} allows ListenerSets from its own namespace` }
        : { ok: false, message: `${gw} allows ListenerSets only from its own namespace "${gateway.meta.namespace}" (allowedListeners.namespaces.from: Same)` };
    case 'Selector':
      return selector !== undefined && matchesLabelSelector(selector, labelsOfNamespace(ix, namespace))
        ? { ok: true, message: `${gw} allows ListenerSets from namespaces matching its selector` }
        : { ok: false, message: `namespace "${namespace}" does not match the allowedListeners selector of ${gw}` };
    default:
      return { ok: false, message: `${gw} does not allow ListenerSets (allowedListeners.namespaces.from: ${from})` };
  }
}

function acceptance(listeners: ListenerState[]): ServedListenerSet['accepted'] {
  const valid = listeners.filter((s) => s.programmed).length;
  const total = listeners.length;
  if (valid === 0) return { ok: false, reason: 'ListenersNotValid', message: `none of its ${total} listener(s) is valid` };
  if (valid < total) return { ok: true, reason: 'ListenersNotValid', message: `${total - valid} of ${total} listener(s) are not valid` };
  return { ok: true, reason: 'Accepted', message: `all ${total} listener(s) attached to Gateway` };
}

/**
 * Evaluates the ListenerSets attached to one served Gateway, oldest first then by `{namespace}/{name}` (the index's
 * order): GEP-1713's merge precedence after the Gateway's own listeners. `evaluate` judges one listener against the
 * ports already claimed, so conflicts go to the later listener exactly as inside one Gateway.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenersetspec
 */
export function evaluateListenerSetsOf(
  ix: SnapshotIndex,
  gateway: GatewayView,
  evaluate: (listenerSet: ListenerSetView, listener: ListenerView) => ListenerState,
): ServedListenerSet[] {
  return ix.listenerSets.filter((ls) => namesGateway(ls, gateway)).map((listenerSet) => {
    const key = keyOf(listenerSet.meta.namespace, listenerSet.meta.name);
    const allowed = allowsListenerSet(ix, gateway, listenerSet.meta.namespace);
    if (!allowed.ok) return { listenerSet, key, allowed, listeners: [], accepted: { ok: false, reason: 'NotAllowed', message: allowed.message } };
    const listeners = listenerSet.listeners.map((l) => evaluate(listenerSet, l));
    return { listenerSet, key, allowed, listeners, accepted: acceptance(listeners) };
  });
}
