/**
 * What the command palette finds on the server: stored objects, inventory certificates and clusters whose name
 * matches what was typed. Pure ranking here (tested); the queries are in search.service.ts.
 */

/** The kinds the palette searches, in the order equal matches are listed. */
export const SEARCHED_KINDS = [
  { group: 'gateway.networking.k8s.io', kind: 'Gateway' },
  { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' },
  { group: 'gateway.networking.k8s.io', kind: 'TLSRoute' },
  { group: '', kind: 'Service' },
  { group: 'gateway.flomesh.io', kind: 'UpstreamTLSPolicy' },
  { group: 'gateway.networking.k8s.io', kind: 'BackendTLSPolicy' },
  { group: '', kind: 'Secret' },
  { group: '', kind: 'ConfigMap' },
] as const;

export type SearchHitKind = (typeof SEARCHED_KINDS)[number]['kind'] | 'Certificate' | 'Cluster';

export interface SearchHit {
  kind: SearchHitKind;
  /** API group of a stored object ('' for core kinds); '' for certificates and clusters. */
  group: string;
  /** Namespaced objects only. */
  namespace?: string;
  name: string;
  /** Certificates: the inventory id (their page is /certificates/<id>). */
  id?: string;
  /** A short fact shown next to the name ("CA", "revoked"), when there is one. */
  detail?: string;
}

export interface SearchResult {
  items: SearchHit[];
  /** More matched than `limit`: typing more narrows them. */
  truncated: boolean;
}

/** What was typed: a name fragment, optionally `namespace/name` (both parts matched from their start / anywhere). */
export interface SearchTerms {
  /** Lower-cased name fragment ('' when only a namespace was typed: `httpbin/`). */
  name: string;
  /** Lower-cased namespace prefix, when the query had a slash. */
  namespace?: string;
}

export function parseSearchTerms(q: string): SearchTerms {
  const t = q.trim().toLowerCase();
  const slash = t.indexOf('/');
  if (slash < 0) return { name: t };
  return { namespace: t.slice(0, slash).trim(), name: t.slice(slash + 1).trim() };
}

/** 0 exact, 1 prefix, 2 at a word start (after - . _ or a space), 3 anywhere; undefined when the name does not contain it. */
export function nameRank(name: string, fragment: string): number | undefined {
  const n = name.toLowerCase();
  if (fragment === '') return 1;
  if (n === fragment) return 0;
  if (n.startsWith(fragment)) return 1;
  let at = n.indexOf(fragment);
  if (at < 0) return undefined;
  while (at >= 0) {
    if (/[-._\s]/.test(n.charAt(at - 1))) return 2;
    at = n.indexOf(fragment, at + 1);
  }
  return 3;
}

const KIND_ORDER: readonly SearchHitKind[] = [...SEARCHED_KINDS.map((k) => k.kind), 'Certificate', 'Cluster'];

/**
 * The hits that match, best first: exact, prefix, word start, anywhere; then shorter names, then kind order,
 * namespace and name. Hits the terms do not match are dropped (a database `LIKE` also treats `_` as a wildcard).
 */
export function rankSearchHits(hits: readonly SearchHit[], terms: SearchTerms, limit: number): SearchResult {
  const ranked = hits.flatMap((h) => {
    if (terms.namespace !== undefined && !(h.namespace ?? '').toLowerCase().startsWith(terms.namespace)) return [];
    const rank = nameRank(h.name, terms.name);
    return rank === undefined ? [] : [{ h, rank }];
  });
  ranked.sort((a, b) =>
    a.rank - b.rank
    || a.h.name.length - b.h.name.length
    || KIND_ORDER.indexOf(a.h.kind) - KIND_ORDER.indexOf(b.h.kind)
    || (a.h.namespace ?? '').localeCompare(b.h.namespace ?? '')
    || a.h.name.localeCompare(b.h.name));
  const seen = new Set<string>();
  const unique = ranked.filter(({ h }) => {
    const key = `${h.kind}/${h.namespace ?? ''}/${h.id ?? h.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { items: unique.slice(0, limit).map((r) => r.h), truncated: unique.length > limit };
}
