import { z } from 'zod';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import type { Prisma } from '@gatehouse/db/prisma-client';
import { authorize, can, type RequestContext } from '../../auth/principal';
import type { ServiceDeps } from '../deps';
import { parseSearchTerms, rankSearchHits, SEARCHED_KINDS, type SearchHit, type SearchHitKind, type SearchResult } from './search-hits';

export type { SearchHit, SearchResult } from './search-hits';

export const SearchQuerySchema = z.object({
  /** What was typed: part of a name, or `namespace/name`. */
  q: z.string().max(253),
  limit: z.number().int().min(1).max(50).default(20),
});
export type SearchQuery = z.input<typeof SearchQuerySchema>;

/**
 * Objects, certificates and clusters by name, for the command palette: names that start with the text and names
 * that contain it, a bounded number of rows per query, ranked by search-hits.ts. Each category is searched only
 * when the caller's role may read it (`resources.read`, `certificates.read`, `clusters.read`); a role that may read
 * none of them is refused. Secrets are found by name only: values are never read.
 */
export async function searchObjects(deps: ServiceDeps, ctx: RequestContext, query: SearchQuery): Promise<SearchResult> {
  const { q, limit } = parseOrThrow(SearchQuerySchema, query, 'query');
  const may = { resources: can(ctx.principal, 'resources.read'), certificates: can(ctx.principal, 'certificates.read'), clusters: can(ctx.principal, 'clusters.read') };
  if (!may.resources && !may.certificates && !may.clusters) authorize(ctx, 'resources.read');
  const terms = parseSearchTerms(q);
  if (terms.name === '' && !terms.namespace) return { items: [], truncated: false };
  const prisma = deps.db.prisma;
  // Rows read per query: enough that ranking (prefix first) still has `limit` good ones after the database's order.
  const take = limit * 3 + 1;
  const hits: SearchHit[] = [];
  let full = false;

  if (may.resources) {
    const scope: Prisma.ResourceWhereInput = {
      OR: SEARCHED_KINDS.map((k) => ({ group: k.group, kind: k.kind })),
      ...(terms.namespace ? { namespace: { startsWith: terms.namespace } } : {}),
    };
    const select = { group: true, kind: true, namespace: true, name: true } as const;
    const orderBy: Prisma.ResourceOrderByWithRelationInput[] = [{ name: 'asc' }, { namespace: 'asc' }];
    // Object names are lower-case (RFC 1123), so the lower-cased fragment matches on both databases.
    const [prefix, contains] = await Promise.all([
      prisma.resource.findMany({ where: { AND: [scope, { name: { startsWith: terms.name } }] }, select, orderBy, take }),
      terms.name === '' ? Promise.resolve([]) : prisma.resource.findMany({ where: { AND: [scope, { name: { contains: terms.name } }] }, select, orderBy, take }),
    ]);
    full ||= prefix.length === take || contains.length === take;
    for (const r of [...prefix, ...contains]) {
      hits.push({ kind: r.kind as SearchHitKind, group: r.group, ...(r.namespace !== '' ? { namespace: r.namespace } : {}), name: r.name });
    }
  }

  // Certificates and clusters have no namespace: a `namespace/name` query is about objects.
  if (may.certificates && terms.namespace === undefined) {
    // Certificate names are free text: case-insensitive on both databases (SQLite's LIKE already is, for ASCII).
    const name = { contains: terms.name, ...(deps.db.provider === 'postgresql' ? { mode: 'insensitive' } : {}) } as Prisma.StringFilter;
    const rows = await prisma.certificate.findMany({
      where: { supersededById: null, name }, select: { id: true, name: true, isCA: true, revokedAt: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }], take,
    });
    full ||= rows.length === take;
    for (const c of rows) hits.push({ kind: 'Certificate', group: '', name: c.name, id: c.id, ...(c.revokedAt ? { detail: 'revoked' } : c.isCA ? { detail: 'CA' } : {}) });
  }

  if (may.clusters && terms.namespace === undefined) {
    const rows = await prisma.cluster.findMany({ where: { name: { contains: terms.name } }, select: { name: true }, orderBy: { name: 'asc' }, take });
    full ||= rows.length === take;
    for (const c of rows) hits.push({ kind: 'Cluster', group: '', name: c.name });
  }

  const ranked = rankSearchHits(hits, terms, limit);
  return { items: ranked.items, truncated: ranked.truncated || full };
}
