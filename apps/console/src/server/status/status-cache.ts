import { compileSnapshot } from '@gatehouse/compiler/compile/compile-snapshot';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { referencedKeys } from '@gatehouse/domain/snapshot/referenced-objects';
import { mergeStatus } from '@gatehouse/domain/status/merge-conditions';
import type { SnapshotCache } from '../feed/snapshot-builder';
import type { StatusSource } from '../runtime-types';
import { groupOf } from '../store/object-key';

/** Gatehouse's controller name (GatewayClass spec.controllerName, status parents[].controllerName). */
export const CONTROLLER_NAME = 'gatehouse.dev/gateway-controller';

const keyOf = (group: string, kind: string, namespace: string, name: string) => `${group}/${kind}/${namespace}/${name}`;

/**
 * What the compile step reads: the snapshot's objects without the ConfigMaps no TLS setting names. The compiler
 * looks ConfigMaps up only by a caCertificateRef (listener-tls.ts, backend-tls-policies.ts; referencedKeys lists
 * those refs), so leaving the others out changes no status, and a write that only touches them needs no new
 * compile. Names are matched in any namespace, which keeps more than needed, never less.
 */
export function compileInput(objects: readonly KubeObject[]): KubeObject[] {
  const names = new Set([...referencedKeys([...objects], 'ConfigMap')].map((k) => k.slice(k.indexOf('/') + 1)));
  return objects.filter((o) => !(o.kind === 'ConfigMap' && o.apiVersion === 'v1' && !names.has(o.metadata.name)));
}

const sameObjects = (a: readonly KubeObject[], b: readonly KubeObject[]) => a.length === b.length && a.every((o, i) => o === b[i]);

/**
 * Status conditions for API reads, computed by the same compile step the worker runs (the one place they are
 * computed), once per store revision. lastTransitionTime survives recomputation while a condition holds.
 * A new revision whose compile input holds the very same objects (SnapshotCache keeps an unchanged object's
 * decoded copy) keeps the statuses without compiling: compiling 10,000 objects takes hundreds of milliseconds on
 * the event loop, and a read waits for the status of the revision it reads.
 */
export class StatusCache implements StatusSource {
  private revision = -1;
  private statuses = new Map<string, unknown>();
  private pending: Promise<Map<string, unknown>> | undefined;
  private input: KubeObject[] = [];
  /** How many times the compile step ran (tests check that a write no status depends on compiles nothing). */
  compiles = 0;

  constructor(private readonly snapshots: SnapshotCache, private readonly now: () => Date) {}

  private async current(): Promise<Map<string, unknown>> {
    const snap = await this.snapshots.current();
    if (snap.revision === this.revision) return this.statuses;
    this.pending ??= (async () => {
      const input = compileInput(snap.snapshot.objects);
      if (this.revision >= 0 && snap.revision > this.revision && sameObjects(input, this.input)) {
        this.revision = snap.revision;
        return this.statuses;
      }
      this.compiles++;
      const result = compileSnapshot({ ...snap.snapshot, objects: input }, { controllerName: CONTROLLER_NAME, now: this.now().toISOString().replace(/\.\d{3}Z$/, 'Z') });
      const next = new Map<string, unknown>();
      for (const s of result.statuses) {
        const k = keyOf(s.group, s.kind, s.namespace, s.name);
        next.set(k, mergeStatus(this.statuses.get(k), s.status));
      }
      if (snap.revision >= this.revision) {
        this.revision = snap.revision;
        this.statuses = next;
        this.input = input;
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
