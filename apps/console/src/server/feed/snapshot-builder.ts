import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';
import type { MasterKey } from '../secrets/master-key';
import type { Db } from '../store/db';
import { rowToObject, type ResourceRow } from '../store/resource-codec';
import { readRevision } from '../store/revision';

type Ref = { namespace?: string; name?: string; kind?: string; group?: string } | undefined;

/**
 * Secrets the data plane needs: those named by a TLS policy or a listener. Only these leave the console, so a
 * worker never holds values it does not use (least privilege for the feed token).
 */
export function referencedSecretKeys(objects: KubeObject[]): Set<string> {
  const keys = new Set<string>();
  const add = (ref: Ref, defaultNs: string) => {
    if (!ref?.name) return;
    if ((ref.kind ?? 'Secret') !== 'Secret' || (ref.group ?? '') !== '') return;
    keys.add(`${ref.namespace ?? defaultNs}/${ref.name}`);
  };
  for (const o of objects) {
    const ns = o.metadata.namespace ?? '';
    const spec = (o.spec ?? {}) as Record<string, unknown>;
    if (o.kind === 'UpstreamTLSPolicy') {
      add((spec.config as { certificateRef?: Ref } | undefined)?.certificateRef, ns);
      for (const p of (spec.ports as { config?: { certificateRef?: Ref } }[] | undefined) ?? []) add(p.config?.certificateRef, ns);
    } else if (o.kind === 'BackendTLSPolicy') {
      for (const r of ((spec.validation as { caCertificateRefs?: Ref[] } | undefined)?.caCertificateRefs ?? [])) {
        if (r?.kind === 'Secret') add(r, ns);
      }
    } else if (o.kind === 'Gateway') {
      for (const l of (spec.listeners as { tls?: { certificateRefs?: Ref[] } }[] | undefined) ?? []) {
        for (const r of l.tls?.certificateRefs ?? []) add(r, ns);
      }
      add(((spec.tls as { backend?: { clientCertificateRef?: Ref } } | undefined)?.backend?.clientCertificateRef), ns);
    }
  }
  return keys;
}

export function buildSnapshot(revision: number, rows: ResourceRow[], key: MasterKey): ConfigSnapshot {
  const plain = rows.filter((r) => r.kind !== 'Secret').map((r) => rowToObject(r, key, 'redact'));
  const wanted = referencedSecretKeys(plain);
  const secrets = rows
    .filter((r) => r.kind === 'Secret' && wanted.has(`${r.namespace}/${r.name}`))
    .map((r) => rowToObject(r, key, 'include'));
  return { revision, objects: [...plain, ...secrets] };
}

interface CachedSnapshot {
  revision: number;
  snapshot: ConfigSnapshot;
  json: string;
}

/** Builds the snapshot of the current revision once and serves it to every worker until the store moves. */
export class SnapshotCache {
  private cached: CachedSnapshot | undefined;
  private building: Promise<CachedSnapshot> | undefined;

  constructor(private readonly db: Db, private readonly key: MasterKey) {}

  async current(): Promise<CachedSnapshot> {
    const revision = await readRevision(this.db);
    if (this.cached && this.cached.revision === revision) return this.cached;
    if (!this.building) {
      this.building = (async () => {
        // Rows and revision are read in one transaction so the snapshot is consistent with its revision.
        const [rev, rows] = await this.db.prisma.$transaction([
          this.db.prisma.storeRevision.findUnique({ where: { id: 1 } }),
          this.db.prisma.resource.findMany({ orderBy: [{ kind: 'asc' }, { namespace: 'asc' }, { name: 'asc' }] }),
        ]);
        const snapshot = buildSnapshot(rev?.revision ?? 0, rows, this.key);
        const built = { revision: snapshot.revision, snapshot, json: JSON.stringify(snapshot) };
        if (!this.cached || built.revision >= this.cached.revision) this.cached = built;
        return built;
      })().finally(() => {
        this.building = undefined;
      });
    }
    return this.building;
  }
}
