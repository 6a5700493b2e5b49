import type { KubeObject } from '@gatehouse/domain/object/meta';
import { describeConditions, summarizeConditions, type ConditionView, type Tone } from '../../resources/describe-status';
import { asArr, asNum, asObj, asStr, at } from '../../resources/read-object';
import { describeParentRef } from './describe-http-route';
import { count } from './spec-words';

/**
 * Where the status the compiler computed lives for each kind, as titled groups of conditions in words. The
 * meaning of each condition is the Gateway API's (describeCondition names it); this file only decides which
 * group it belongs to: the Gateway and each listener, each route parent, each policy ancestor.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewaystatus
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#routeparentstatus
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#policyancestorstatus
 */
export interface StatusSection {
  title: string;
  /** A fact beside the conditions: "1 route attached". */
  note?: string;
  conditions: ConditionView[];
}

/** Kinds whose status Gatehouse computes; the others (Service, Secret, …) have none to show. */
export const KINDS_WITH_STATUS = new Set(['Gateway', 'GatewayClass', 'ListenerSet', 'HTTPRoute', 'TLSRoute', 'UpstreamTLSPolicy', 'BackendTLSPolicy']);

export function describeObjectStatus(obj: KubeObject): StatusSection[] {
  const status = asObj(obj.status);
  const ns = obj.metadata.namespace;
  switch (obj.kind) {
    case 'Gateway':
    case 'ListenerSet': {
      const listeners = asArr(status?.listeners).map((l): StatusSection => {
        const o = asObj(l);
        const attached = asNum(o?.attachedRoutes) ?? 0;
        return { title: `Listener ${asStr(o?.name) ?? '?'}`, note: `${count(attached, 'route')} attached`, conditions: describeConditions(o?.conditions) };
      });
      const attachedSets = asNum(status?.attachedListenerSets);
      const note = obj.kind === 'Gateway' && attachedSets !== undefined ? `${count(attachedSets, 'ListenerSet')} attached` : undefined;
      return [{ title: obj.kind, ...(note === undefined ? {} : { note }), conditions: describeConditions(status?.conditions) }, ...listeners];
    }
    case 'HTTPRoute':
    case 'TLSRoute':
      return asArr(status?.parents).map((p) => ({ title: `On ${describeParentRef(asObj(p)?.parentRef, ns)}`, conditions: describeConditions(asObj(p)?.conditions) }));
    case 'BackendTLSPolicy':
      return asArr(status?.ancestors).map((a) => ({ title: `For ${describeParentRef(asObj(a)?.ancestorRef, ns)}`, conditions: describeConditions(asObj(a)?.conditions) }));
    case 'GatewayClass':
    case 'UpstreamTLSPolicy':
      return [{ title: obj.kind === 'GatewayClass' ? 'GatewayClass' : 'Policy', conditions: describeConditions(status?.conditions) }];
    default:
      return [];
  }
}

/** Why a kind that has status shows none, in words (no condition at all is not "healthy"). */
export function describeMissingStatus(obj: KubeObject): string | undefined {
  if (!KINDS_WITH_STATUS.has(obj.kind) || describeObjectStatus(obj).some((s) => s.conditions.length > 0)) return undefined;
  switch (obj.kind) {
    case 'HTTPRoute':
    case 'TLSRoute':
      return asArr(at(obj, 'spec', 'parentRefs')).length === 0
        ? 'No status: the route names no parent Gateway.'
        : 'No status: none of its parents is a Gateway Gatehouse serves.';
    case 'BackendTLSPolicy':
      return 'No status yet: no route of a Gatehouse Gateway sends traffic to its target, so no Gateway uses the policy.';
    case 'Gateway':
      return 'No status: its GatewayClass belongs to another controller.';
    case 'ListenerSet':
      return 'No status: its parent Gateway belongs to another controller.';
    case 'GatewayClass':
      return 'No status: another controller handles this class.';
    default:
      return 'No status yet.';
  }
}

/** One line of health for the page header: the worst of every condition shown. */
export function summarizeObjectStatus(obj: KubeObject): { tone: Tone; text: string } | undefined {
  if (!KINDS_WITH_STATUS.has(obj.kind)) return undefined;
  const seen = new Set<string>();
  const distinct = describeObjectStatus(obj).flatMap((s) => s.conditions).filter((c) => !seen.has(c.label) && seen.add(c.label));
  return summarizeConditions(distinct);
}
