import type { KindInfo } from '@gatehouse/domain/registry/kind-info';
import { KINDS, storageApiVersionOf } from '@gatehouse/domain/registry/kinds';

/**
 * The order objects are applied in, so that each finds what it names (the order Helm and kubectl's apply use:
 * namespaces, classes, config and Secrets, Services, then what routes traffic, then policies). Deletes run in
 * the reverse order. Kinds not listed go last.
 */
const ORDER = ['Namespace', 'GatewayClass', 'Secret', 'ConfigMap', 'Service', 'EndpointSlice', 'Gateway', 'ListenerSet', 'ReferenceGrant', 'HTTPRoute', 'TLSRoute', 'BackendTLSPolicy', 'UpstreamTLSPolicy'];

export function applyRank(kind: string): number {
  const i = ORDER.indexOf(kind);
  return i < 0 ? ORDER.length : i;
}

/** The kinds Gatehouse renders into a cluster, in apply order. */
export const PUSHED_KINDS: readonly string[] = ORDER;

export function byApplyOrder<T extends { kind: string; namespace?: string | undefined; name: string }>(a: T, b: T): number {
  return applyRank(a.kind) - applyRank(b.kind) || (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name);
}

/**
 * The kind as Gatehouse's registry knows it (group, plural, scope, the version it is stored and pushed in): the one
 * table of kinds, shared with the console's store and REST routes.
 */
export function kindInfoOf(kind: string): KindInfo {
  const info = KINDS.find((k) => k.kind === kind);
  if (!info) throw new Error(`no kind ${kind} in the registry`);
  return info;
}

/** The apiVersion Gatehouse pushes and reads a kind in (its storage version). */
export function apiVersionOfKind(kind: string): string {
  return storageApiVersionOf(kindInfoOf(kind));
}
