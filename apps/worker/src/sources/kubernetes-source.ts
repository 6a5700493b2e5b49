import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { ObjectStatus } from '@gatehouse/compiler/compile/object-status';
import { KubeRest } from '@gatehouse/kube/client/kube-rest';
import { ClusterSource } from '@gatehouse/kube/watch/cluster-source';
import { LeaseElector } from '@gatehouse/kube/watch/leader-election';
import { writeStatuses, type StatusWriteReport } from '@gatehouse/kube/watch/status-writer';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';
import type { WorkerConfig } from '../config/worker-config';
import { gatewayAddressesOf } from '../config/gateway-addresses';

export interface KubernetesSourceHandle {
  state(): unknown;
  /** Called after each enforced snapshot with the compiler's statuses; writes them when this replica leads. */
  statuses(statuses: ObjectStatus[]): void;
  stop(): Promise<void>;
}


/**
 * The worker's Kubernetes source: a ClusterSource (informers → debounced ConfigSnapshot, handed to the same
 * prepare/compile/swap path the console feed uses) plus a Lease election; the leader writes the statuses the
 * compiler computed, only where they changed.
 */
export function startKubernetesSource(config: WorkerConfig, logger: Logger, onSnapshot: (snapshot: ConfigSnapshot, receivedAt: number) => void): KubernetesSourceHandle {
  const rest = config.kubeconfigPath ? KubeRest.fromKubeconfig(readFileSync(config.kubeconfigPath, 'utf8')) : KubeRest.inCluster();
  const log = logger.child({ source: 'kubernetes' });
  const source = new ClusterSource({ rest, onSnapshot, log });
  let pending: ObjectStatus[] | null = null;
  let writing = false;
  let lastReport: (StatusWriteReport & { at: string }) | null = null;
  const flush = async () => {
    if (writing || !pending || !elector.leading) return;
    writing = true;
    const batch = pending;
    pending = null;
    try {
      const report = await writeStatuses(rest, batch, (k, ns, n) => source.live(k, ns, n), {
        controllerName: config.controllerName,
        gatewayAddresses: gatewayAddressesOf(config) ?? [],
      });
      lastReport = { ...report, at: new Date().toISOString() };
      if (report.written > 0 || report.failed.length > 0) log.info({ written: report.written, unchanged: report.unchanged, failed: report.failed }, 'status written');
      if (report.failed.some((f) => f.message.startsWith('403'))) log.error({ failed: report.failed.filter((f) => f.message.startsWith('403')) }, 'status writes forbidden: the worker\'s role lacks update/patch on a status subresource');
    } catch (e) {
      log.warn({}, `status write failed: ${(e as Error).message}`);
      pending ??= batch;
    } finally {
      writing = false;
      if (pending) void flush();
    }
  };
  const elector = new LeaseElector(rest, {
    namespace: config.lease.namespace, name: config.lease.name, identity: config.workerId, log,
    leaseDurationSeconds: config.lease.durationSeconds, retryPeriodMs: Math.min(2000, (config.lease.durationSeconds * 1000) / 3),
    onChange: (leading) => {
      if (!leading) return;
      pending ??= last;
      void flush();
    },
  });
  let last: ObjectStatus[] | null = null;
  // Statuses another writer overwrote are put right within a minute even when the configuration does not change.
  const resync = setInterval(() => {
    pending ??= last;
    void flush();
  }, 60_000);
  resync.unref();
  void source.start();
  elector.start();
  return {
    state: () => ({
      kind: 'kubernetes',
      server: rest.server,
      synced: source.synced,
      lastSnapshotAt: source.lastSnapshotAt,
      kinds: Object.fromEntries(source.kinds),
      rejected: Object.fromEntries(source.rejected),
      lease: { namespace: config.lease.namespace, name: config.lease.name, leading: elector.leading, holder: elector.holder },
      statusWrites: lastReport,
    }),
    statuses(statuses) {
      last = statuses;
      pending = statuses;
      void flush();
    },
    async stop() {
      clearInterval(resync);
      source.stop();
      await elector.stop();
      rest.close();
    },
  };
}
