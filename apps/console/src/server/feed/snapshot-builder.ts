import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';
import { referencedKeys } from '@gatehouse/domain/snapshot/referenced-objects';
import type { MasterKey } from '../secrets/master-key';
import type { Db } from '../store/db';
import { rowToObject, type ResourceRow } from '../store/resource-codec';
import { readRevision } from '../store/revision';

/** Secrets the data plane needs (see referencedKeys): only these leave the console. */
export function referencedSecretKeys(objects: KubeObject[]): Set<string> {
  return referencedKeys(objects, 'Secret');
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
