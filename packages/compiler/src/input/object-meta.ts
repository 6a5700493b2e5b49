import type { KubeObject } from '@gatehouse/domain/object/meta';
import { asDict, asNumber, asString, asStringMap } from './read-field';

/** The metadata the compiler needs from any object, with safe defaults. */
export interface MetaView {
  namespace: string;
  name: string;
  generation: number | undefined;
  /** Milliseconds since the epoch; objects without a parseable timestamp sort as newest. */
  createdAt: number;
  labels: Readonly<Record<string, string>>;
}

/** `ns/name` (or `name` for cluster-scoped objects): the key used in indexes and messages. */
export function keyOf(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}/${name}`;
}

/** The API group of an apiVersion: `gateway.networking.k8s.io/v1` → `gateway.networking.k8s.io`, `v1` → ''. */
export function groupOfApiVersion(apiVersion: unknown): string {
  const v = asString(apiVersion) ?? '';
  const slash = v.indexOf('/');
  return slash < 0 ? '' : v.slice(0, slash);
}

export function readMeta(obj: KubeObject): MetaView {
  const m = asDict(obj.metadata);
  const created = Date.parse(asString(m?.creationTimestamp) ?? '');
  return {
    namespace: asString(m?.namespace) ?? '',
    name: asString(m?.name) ?? '',
    generation: asNumber(m?.generation),
    createdAt: Number.isNaN(created) ? Number.POSITIVE_INFINITY : created,
    labels: asStringMap(m?.labels),
  };
}

/**
 * Orders objects oldest first, then by `{namespace}/{name}`: the tie-break Gateway API uses for
 * route precedence and policy conflicts.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule (precedence) and GEP-713 (conflicts)
 */
export function compareAge(a: MetaView, b: MetaView): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  const ka = keyOf(a.namespace, a.name);
  const kb = keyOf(b.namespace, b.name);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
