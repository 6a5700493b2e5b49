import { compileSnapshot } from '@gatehouse/compiler/compile/compile-snapshot';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { mergeStatus } from '@gatehouse/domain/status/merge-conditions';
import type { SnapshotCache } from '../feed/snapshot-builder';
import type { StatusSource } from '../runtime-types';
import { groupOf } from '../store/object-key';

/** Gatehouse's controller name (GatewayClass spec.controllerName, status parents[].controllerName). */
export const CONTROLLER_NAME = 'gatehouse.dev/gateway-controller';

const keyOf = (group: string, kind: string, namespace: string, name: string) => `${group}/${kind}/${namespace}/${name}`;

/**
 * Status conditions for API reads, computed by the same compile step the worker runs (the one place they are
 * computed), once per store revision. lastTransitionTime survives recomputation while a condition holds.
 */
export class StatusCache implements StatusSource {
  private revision = -1;
  private statuses = new Map<string, unknown>();
  private pending: Promise<Map<string, unknown>> | undefined;

  constructor(private readonly snapshots: SnapshotCache, private readonly now: () => Date) {}

  private async current(): Promise<Map<string, unknown>> {
    const snap = await this.snapshots.current();
    if (snap.revision === this.revision) return this.statuses;
    this.pending ??= (async () => {
      const result = compileSnapshot(snap.snapshot, { controllerName: CONTROLLER_NAME, now: this.now().toISOString().replace(/\.\d{3}Z$/, 'Z') });
      const next = new Map<string, unknown>();
      for (const s of result.statuses) {
        const k = keyOf(s.group, s.kind, s.namespace, s.name);
        next.set(k, mergeStatus(this.statuses.get(k), s.status));
      }
      if (snap.revision >= this.revision) {
        this.revision = snap.revision;
        this.statuses = next;
      }
      return next;
    })().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  async decorate(objects: KubeObject[]): Promise<KubeObject[]> {
    if (objects.length === 0) return objects;
    const statuses = await this.current();
    return objects.map((o) => {
      const s = statuses.get(keyOf(groupOf(o.apiVersion), o.kind, o.metadata.namespace ?? '', o.metadata.name));
      return s === undefined ? o : { ...o, status: s };
    });
  }
}
