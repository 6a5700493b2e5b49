import { certificateState } from '@gatehouse/domain/certificate/certificate-state';
import { z } from 'zod';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { Dns1123LabelSchema } from '@gatehouse/domain/object/meta';
import { authorize, can, type RequestContext } from '../auth/principal';
import type { SnapshotCache } from '../feed/snapshot-builder';
import { compileForConsole } from './compiled-snapshot';
import type { ServiceDeps } from './deps';
import { buildTopology, CERTIFICATE_ANNOTATION, type InventoryCertificate } from './topology/build-topology';
import { layoutTopology } from './topology/layout-topology';
import type { TopologyLayout, TopologyNode } from './topology/topology-model';

export const TopologyQuerySchema = z.object({ namespace: Dns1123LabelSchema.optional() }).strict();

/** One thing that needs a look, in words: a node, or a listener row of a Gateway (kind 'Listener'). */
export interface AttentionItem extends Pick<TopologyNode, 'id' | 'namespace' | 'name' | 'tone' | 'status' | 'certificateId' | 'missing'> {
  kind: TopologyNode['kind'] | 'Listener';
  /** The Gateway of a listener row. */
  gateway: string | null;
}

export interface TopologyView {
  revision: number;
  namespace: string | null;
  layout: TopologyLayout;
  /** Nodes whose status needs attention, worst first, for the list under the graph. */
  attention: AttentionItem[];
}

/**
 * The topology page's data (issue 4 §7): the current configuration compiled by the worker's own compiler,
 * turned into a graph (build-topology.ts) and laid out (layout-topology.ts) on the server, so the page only
 * draws it. Certificates bound to Secrets are looked up in the inventory when the caller may read it.
 */
export async function readTopology(deps: ServiceDeps & { snapshots: SnapshotCache }, ctx: RequestContext, body: unknown): Promise<TopologyView> {
  authorize(ctx, 'resources.read');
  const query = parseOrThrow(TopologyQuerySchema, body ?? {}, 'query');
  const now = deps.now();
  const snap = await deps.snapshots.current();
  const compiled = compileForConsole(snap.snapshot, now);
  const ids = [...new Set(snap.snapshot.objects.map((o) => o.metadata.annotations?.[CERTIFICATE_ANNOTATION]).filter((v): v is string => typeof v === 'string'))];
  const certificates = new Map<string, InventoryCertificate>();
  if (ids.length > 0 && can(ctx.principal, 'certificates.read')) {
    const rows = await deps.db.prisma.certificate.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, commonName: true, notBefore: true, notAfter: true, revokedAt: true } });
    for (const r of rows) {
      certificates.set(r.id, { id: r.id, name: r.name, commonName: r.commonName, notAfter: r.notAfter.toISOString(), state: certificateState({ notBefore: r.notBefore, notAfter: r.notAfter, revokedAt: r.revokedAt }, now) });
    }
  }
  const graph = buildTopology({ snapshot: snap.snapshot, compiled, certificates, namespace: query.namespace, now });
  const rank = { bad: 0, pending: 1, neutral: 2, ok: 3 } as const;
  const items: AttentionItem[] = graph.nodes.flatMap((n) => [
    ...(n.tone === 'bad' || n.tone === 'pending' ? [{ id: n.id, kind: n.kind, namespace: n.namespace, name: n.name, tone: n.tone, status: n.status, certificateId: n.certificateId, missing: n.missing, gateway: null }] : []),
    ...n.ports.filter((p) => p.tone === 'bad' || p.tone === 'pending').map((p) => ({
      id: p.id, kind: 'Listener' as const, namespace: n.namespace, name: p.name, tone: p.tone, status: p.status, certificateId: null, missing: false, gateway: n.name,
    })),
  ]);
  const attention = items.sort((a, b) => rank[a.tone] - rank[b.tone] || (a.id < b.id ? -1 : 1));
  return { revision: snap.revision, namespace: query.namespace ?? null, layout: layoutTopology(graph), attention };
}
