import type { MatchEntry } from '../routing-table/routing-table';

/**
 * The Gateway API order between matches that both accept a request: first the route's matching
 * hostname (most non-wildcard characters, then most characters), then
 * 1. Exact path, 2. most characters in the path (RegularExpression sits between Exact and PathPrefix,
 * an implementation-specific choice shared with Envoy Gateway), 3. a method match, 4. most header
 * matches, 5. most query-param matches, 6. oldest route, 7. `{namespace}/{name}` alphabetically,
 * 8. rule order, then match order inside the rule.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule
 */
export const PRECEDENCE_CRITERIA = [
  'more specific route hostname (non-wildcard characters)',
  'longer route hostname',
  'path type (Exact > RegularExpression > PathPrefix)',
  'longer path',
  'has a method match',
  'more header matches',
  'more query-param matches',
  'older route',
  'route name (alphabetical namespace/name)',
  'rule order',
  'match order',
] as const;

const PATH_RANK: Readonly<Record<string, number>> = { Exact: 0, RegularExpression: 1, PathPrefix: 2 };

function routeKey(e: MatchEntry): string {
  return `${e.route.namespace}/${e.route.name}`;
}

/** Returns [order, index of the deciding criterion] (order < 0: `a` wins). [0, -1] for a full tie. */
export function comparePrecedence(a: MatchEntry, b: MatchEntry): [number, number] {
  if (a.hostRank[0] !== b.hostRank[0]) return [b.hostRank[0] - a.hostRank[0], 0];
  if (a.hostRank[1] !== b.hostRank[1]) return [b.hostRank[1] - a.hostRank[1], 1];
  const pa = PATH_RANK[a.pathType] ?? 3;
  const pb = PATH_RANK[b.pathType] ?? 3;
  if (pa !== pb) return [pa - pb, 2];
  if (a.pathValue.length !== b.pathValue.length) return [b.pathValue.length - a.pathValue.length, 3];
  const ma = a.method === null ? 1 : 0;
  const mb = b.method === null ? 1 : 0;
  if (ma !== mb) return [ma - mb, 4];
  if (a.headers.length !== b.headers.length) return [b.headers.length - a.headers.length, 5];
  if (a.queryParams.length !== b.queryParams.length) return [b.queryParams.length - a.queryParams.length, 6];
  if (a.routeCreatedAt !== b.routeCreatedAt) return [a.routeCreatedAt < b.routeCreatedAt ? -1 : 1, 7];
  const ka = routeKey(a);
  const kb = routeKey(b);
  if (ka !== kb) return [ka < kb ? -1 : 1, 8];
  if (a.ruleIndex !== b.ruleIndex) return [a.ruleIndex - b.ruleIndex, 9];
  if (a.matchIndex !== b.matchIndex) return [a.matchIndex - b.matchIndex, 10];
  return [0, -1];
}

export function compareMatchEntries(a: MatchEntry, b: MatchEntry): number {
  return comparePrecedence(a, b)[0];
}
