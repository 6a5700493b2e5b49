import { asArray, asDict, asDictArray, asNumber, asString } from '@gatehouse/compiler/input/read-field';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { RelationTone } from './relationship-types';

/** A condition reduced to what a relation line shows: good or not, and the reason in words. */
export interface Verdict {
  tone: RelationTone;
  words: string;
}

function verdictOf(conditions: unknown, type: string): Verdict | undefined {
  const c = asDictArray(conditions).find((x) => x.type === type);
  if (!c) return undefined;
  if (c.status === 'True') return { tone: 'ok', words: 'accepted' };
  const reason = asString(c.reason) ?? '';
  const message = asString(c.message) ?? '';
  return { tone: 'bad', words: `not accepted (${reason}${message ? `: ${message}` : ''})` };
}

/**
 * The route's status for one of its parentRefs (status.parents[] echoes the parentRef; an absent namespace is
 * the route's). Undefined when the compiler wrote none: the parent is not a Gateway Gatehouse serves.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#routeparentstatus
 */
export function routeParentVerdict(route: KubeObject, parent: { namespace: string; name: string; sectionName?: string; port?: number }): Verdict | undefined {
  const routeNs = route.metadata.namespace ?? '';
  const status = asDict(route.status);
  const entry = asDictArray(status?.parents).find((p) => {
    const ref = asDict(p.parentRef);
    return (
      asString(ref?.name) === parent.name &&
      (asString(ref?.namespace) ?? routeNs) === parent.namespace &&
      asString(ref?.sectionName) === parent.sectionName &&
      asNumber(ref?.port) === parent.port
    );
  });
  return entry ? verdictOf(entry.conditions, 'Accepted') : undefined;
}

/**
 * A policy's Accepted condition: on the policy itself (FSM UpstreamTLSPolicy) or per ancestor Gateway (Gateway API
 * BackendTLSPolicy, `status.ancestors[]`); the worst one counts. Undefined while no Gateway uses a BackendTLSPolicy.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#policyancestorstatus
 */
export function policyVerdict(policy: KubeObject): Verdict | undefined {
  const status = asDict(policy.status);
  const own = verdictOf(status?.conditions, 'Accepted');
  if (own) return own;
  const perAncestor = asArray(status?.ancestors)
    .map((a) => verdictOf(asDict(a)?.conditions, 'Accepted'))
    .filter((v): v is Verdict => v !== undefined);
  return perAncestor.find((v) => v.tone === 'bad') ?? perAncestor[0];
}

/** A ListenerSet's own Accepted condition: whether its Gateway took it. @see https://gateway-api.sigs.k8s.io/reference/spec/#listenersetstatus */
export function listenerSetVerdict(listenerSet: KubeObject): Verdict | undefined {
  return verdictOf(asDict(listenerSet.status)?.conditions, 'Accepted');
}
