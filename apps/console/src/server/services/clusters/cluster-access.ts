import { randomUUID } from 'node:crypto';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { KubeRest } from '@gatehouse/kube/client/kube-rest';
import type { Ownership } from '@gatehouse/kube/render/ownership';
import { decryptKubeconfig } from '../../secrets/kubeconfig-cipher';
import type { MasterKey } from '../../secrets/master-key';
import type { Db, Tx } from '../../store/db';
import type { ServiceDeps } from '../deps';

export interface ClusterRow {
  id: string;
  name: string;
  server: string;
  source: string;
  context: string | null;
  kubeconfig: string | null;
  createdAt: Date;
  createdBy: string;
  lastCheck: string | null;
  lastCheckedAt: Date | null;
}

export const clusterRef = (name: string) => ({ group: 'gatehouse.dev', kind: 'Cluster', namespace: '', name });

export async function findCluster(db: Db | { prisma: Tx }, name: string): Promise<ClusterRow> {
  const row = await db.prisma.cluster.findUnique({ where: { name } });
  if (!row) throw new DomainError('not_found', `cluster ${name} is not registered`);
  return row;
}

// One client per cluster row (keep-alive connections and discovery are reused across requests); a removed or
// re-registered cluster gets a new id, so a stale client is never used for it.
const clients = new Map<string, KubeRest>();

/** The API client of a registered cluster (the kubeconfig is decrypted here, in memory only). */
export function clientFor(key: MasterKey, row: ClusterRow): KubeRest {
  const have = clients.get(row.id);
  if (have) return have;
  let rest: KubeRest;
  if (row.source === 'in-cluster') rest = KubeRest.inCluster();
  else rest = KubeRest.fromKubeconfig(decryptKubeconfig(key, row.id, row.kubeconfig!), row.context ?? undefined);
  clients.set(row.id, rest);
  return rest;
}

export function forgetClient(id: string): void {
  clients.get(id)?.close();
  clients.delete(id);
}

const INSTANCE_KEY = 'instance-id';

/** This installation's id (made once, kept in the database so every console replica pushes as one instance). */
export async function ownership(deps: ServiceDeps): Promise<Ownership> {
  const have = await deps.db.prisma.instanceSetting.findUnique({ where: { key: INSTANCE_KEY } });
  if (have) return { instance: have.value };
  const value = randomUUID();
  // Two replicas racing: the insert that loses finds the winner's row.
  await deps.db.prisma.instanceSetting.upsert({ where: { key: INSTANCE_KEY }, create: { key: INSTANCE_KEY, value }, update: {} });
  const row = await deps.db.prisma.instanceSetting.findUniqueOrThrow({ where: { key: INSTANCE_KEY } });
  return { instance: row.value };
}

/** Turns a failure to reach the cluster into a clear 503 (never a 500 with a stack). */
export async function reaching<T>(clusterName: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DomainError) throw e;
    const status = (e as { status?: number }).status;
    if (status === 401) throw new DomainError('unavailable', `cluster ${clusterName} refused Gatehouse's credentials (401)`);
    if (status === 403) throw new DomainError('unavailable', `cluster ${clusterName} does not allow Gatehouse's identity: ${(e as Error).message}`);
    throw new DomainError('unavailable', `cluster ${clusterName} cannot be reached: ${(e as Error).message}`);
  }
}
