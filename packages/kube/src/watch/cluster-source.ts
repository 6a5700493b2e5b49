import { makeInformer, type Informer, type KubernetesObject, type ObjectCache } from '@kubernetes/client-node';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';
import { referencedKeys } from '@gatehouse/domain/snapshot/referenced-objects';
import { parseObject } from '@gatehouse/domain/registry/parse-object';
import { apiVersionOf } from '@gatehouse/domain/registry/kind-info';
import { apiPrefix } from '../client/discovery';
import { kindInfoOf } from '../render/apply-order';
import { expectOk, KubeApiError, type KubeRest } from '../client/kube-rest';

/** The kinds the worker reads from a cluster, cluster-wide; where they live comes from the kind registry. */
export const WATCHED_KINDS = ['GatewayClass', 'Gateway', 'HTTPRoute', 'TLSRoute', 'ReferenceGrant', 'ListenerSet', 'BackendTLSPolicy', 'UpstreamTLSPolicy', 'Service', 'EndpointSlice', 'Secret', 'ConfigMap'] as const;

export type WatchedKind = (typeof WATCHED_KINDS)[number];

export interface KindState {
  /** listed at least once (or found not served) */
  synced: boolean;
  /** the cluster does not serve this kind (its CRD is missing): treated as empty, asked again later */
  unserved: boolean;
  objects: number;
  lastError: string | null;
  /** errors so far (list or watch failures) */
  failures: number;
}

export interface ClusterSourceOptions {
  rest: KubeRest;
  /** Quiet time after the last event before a snapshot is built (a burst of events gives one snapshot). */
  debounceMs?: number;
  /** The longest a burst can delay a snapshot. */
  maxDelayMs?: number;
  onSnapshot: (snapshot: ConfigSnapshot, receivedAt: number) => void;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10_000;
const UNSERVED_RETRY_MS = 30_000;

// The first of the kind's served versions (registry order: newest first) that the cluster serves: ReferenceGrant is v1
// since Gateway API v1.5 and v1beta1 before, so an older bundle still works.
async function servedApiVersion(rest: KubeRest, kind: string): Promise<string | undefined> {
  const info = kindInfoOf(kind);
  for (const version of info.servedVersions) {
    const apiVersion = apiVersionOf(info.group, version);
    const r = await rest.request<{ resources?: { kind: string }[] }>('GET', apiPrefix(apiVersion));
    if (r.status === 200 && r.json.resources?.some((x) => x.kind === kind)) return apiVersion;
  }
  return undefined;
}

/** `Kind ns/name`: how logs, /config and the validation cache name an object. */
function idOf(o: KubeObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

/** An object as the compiler reads it: no managedFields, no status (the compiler computes status). */
function cleanObject(o: KubernetesObject, apiVersion: string, kind: string): KubeObject {
  const { status: _s, ...rest } = o as KubernetesObject & { status?: unknown };
  const { managedFields: _m, ...meta } = (o.metadata ?? {}) as Record<string, unknown>;
  // Informers hand out client-node's view, where timestamps may be Dates: the snapshot is JSON.
  if (meta.creationTimestamp instanceof Date) meta.creationTimestamp = meta.creationTimestamp.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { ...rest, apiVersion, kind, metadata: meta as KubeObject['metadata'] };
}

/**
 * The worker's Kubernetes source: one informer per kind (list, then watch from the list's resourceVersion with
 * bookmarks; a fresh list on 410 Gone — client-node's ListWatch), restarted with backoff after errors. After a
 * burst of events settles (debounced, never a snapshot per event) it builds the same ConfigSnapshot the console's
 * feed builds: the Gateway API objects, Services, EndpointSlices, policies, and only the Secrets and ConfigMaps
 * those reference. While the API server is away the caches stay as they were, so the last good configuration
 * keeps serving; a relist on return brings the worker up to date.
 */
export class ClusterSource {
  readonly kinds = new Map<WatchedKind, KindState>();
  private readonly informers = new Map<WatchedKind, Informer<KubernetesObject> & ObjectCache<KubernetesObject>>();
  private readonly apiVersions = new Map<WatchedKind, string>();
  private readonly retryDelay = new Map<WatchedKind, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private debounce: NodeJS.Timeout | undefined;
  private firstEventAt = 0;
  private revision = 0;
  private stopped = false;
  lastSnapshotAt: string | null = null;

  constructor(private readonly opts: ClusterSourceOptions) {
    for (const k of WATCHED_KINDS) this.kinds.set(k, { synced: false, unserved: false, objects: 0, lastError: null, failures: 0 });
  }

  get synced(): boolean {
    return [...this.kinds.values()].every((k) => k.synced);
  }

  async start(): Promise<void> {
    await Promise.all(WATCHED_KINDS.map((k) => this.startKind(k)));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.debounce);
    for (const t of this.timers) clearTimeout(t);
    for (const inf of this.informers.values()) void inf.stop();
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
  }

  private async startKind(kind: WatchedKind): Promise<void> {
    const k = { kind, plural: kindInfoOf(kind).plural };
    if (this.stopped) return;
    const state = this.kinds.get(k.kind)!;
    let apiVersion: string | undefined;
    try {
      apiVersion = await servedApiVersion(this.opts.rest, kind);
    } catch (e) {
      this.fail(k, e);
      return;
    }
    if (!apiVersion) {
      // CRD missing: the kind is empty for now (a cluster without the FSM CRD still serves Gateway API), asked again later.
      if (!state.unserved) this.opts.log.warn({ kind: k.kind }, `the cluster does not serve ${k.kind}: treated as empty until its CRD is installed`);
      state.unserved = true;
      state.synced = true;
      state.objects = 0;
      this.informers.get(k.kind)?.stop();
      this.informers.delete(k.kind);
      this.schedule();
      this.later(() => void this.startKind(kind), UNSERVED_RETRY_MS);
      return;
    }
    state.unserved = false;
    this.apiVersions.set(k.kind, apiVersion);
    const path = `${apiPrefix(apiVersion)}/${k.plural}`;
    const rest = this.opts.rest;
    const list = async () => {
      // Paged like any list of a big cluster; the informer watches from the last page's resourceVersion.
      const items: KubernetesObject[] = [];
      let cont: string | undefined;
      let resourceVersion = '';
      do {
        const page = expectOk(await rest.request<{ items?: KubernetesObject[]; metadata?: { continue?: string; resourceVersion?: string } }>('GET', path, { query: { limit: '500', continue: cont } }), `list ${k.kind}`);
        items.push(...(page.items ?? []));
        cont = page.metadata?.continue || undefined;
        resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      } while (cont);
      return { apiVersion, kind: `${k.kind}List`, items, metadata: { resourceVersion } };
    };
    // `allowWatchBookmarks` in the path: client-node keeps a path's query and adds watch/resourceVersion to it.
    const informer = makeInformer(rest.kc, `${path}?allowWatchBookmarks=true`, list);
    // A status write (ours or another controller's) changes resourceVersion and status only: the configuration is
    // the same, so no new snapshot. Each object's fingerprint leaves out what the compiler does not read.
    const fingerprints = new Map<string, string>();
    const fingerprint = (o: KubernetesObject) => {
      const { status: _s, metadata, ...rest } = o as KubernetesObject & { status?: unknown };
      const { resourceVersion: _rv, managedFields: _mf, ...meta } = (metadata ?? {}) as Record<string, unknown>;
      return JSON.stringify([meta, rest]);
    };
    const idOf = (o: KubernetesObject) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
    const changed = (o: KubernetesObject | undefined, deleted = false) => {
      state.objects = informer.list().length;
      if (o) {
        const id = idOf(o);
        if (deleted) fingerprints.delete(id);
        else {
          const f = fingerprint(o);
          if (fingerprints.get(id) === f) return;
          fingerprints.set(id, f);
        }
      }
      this.schedule();
    };
    informer.on('add', (o) => changed(o));
    informer.on('update', (o) => changed(o));
    informer.on('delete', (o) => changed(o, true));
    informer.on('connect', () => {
      state.lastError = null;
    });
    informer.on('error', (err: unknown) => this.fail(k, err));
    this.informers.set(k.kind, informer);
    try {
      // client-node reports a failed list through the error callback, not by rejecting start().
      const before = state.failures;
      await informer.start();
      if (state.failures !== before) return;
      state.synced = true;
      state.objects = informer.list().length;
      this.retryDelay.delete(k.kind);
      this.schedule();
    } catch (e) {
      this.fail(k, e);
    }
  }

  private fail(k: { kind: WatchedKind }, err: unknown): void {
    if (this.stopped) return;
    const state = this.kinds.get(k.kind)!;
    state.failures++;
    const message = err instanceof KubeApiError ? err.message : err instanceof Error ? err.message : String(err);
    const delay = Math.min(RETRY_MAX_MS, (this.retryDelay.get(k.kind) ?? RETRY_MIN_MS / 2) * 2);
    this.retryDelay.set(k.kind, delay);
    if (state.lastError !== message) this.opts.log.warn({ kind: k.kind, retryInMs: delay }, `watch ${k.kind}: ${message}; keeping the last good configuration`);
    state.lastError = message;
    const informer = this.informers.get(k.kind);
    this.later(() => {
      // Restart the same informer when it exists (its cache survives, so nothing is lost in between).
      if (informer && this.informers.get(k.kind) === informer) {
        const before = state.failures;
        informer.start().then(() => {
          if (state.failures !== before) return; // failed again: fail() has scheduled the next try
          state.synced = true;
          state.lastError = null;
          this.retryDelay.delete(k.kind);
          this.schedule();
        }, (e: unknown) => this.fail(k, e));
      } else {
        void this.startKind(k.kind);
      }
    }, delay);
  }

  private schedule(): void {
    if (this.stopped || !this.synced) return;
    const now = performance.now();
    if (this.debounce === undefined) this.firstEventAt = now;
    clearTimeout(this.debounce);
    const wait = Math.max(0, Math.min(this.opts.debounceMs ?? 50, this.firstEventAt + (this.opts.maxDelayMs ?? 250) - now));
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.emit();
    }, wait);
  }

  /** The object as the informer holds it (with its status and resourceVersion), for the status writer. */
  live(kind: string, namespace: string, name: string): KubeObject | undefined {
    const informer = this.informers.get(kind as WatchedKind);
    const o = informer?.get(name, namespace || undefined);
    return o ? (o as unknown as KubeObject) : undefined;
  }

  /** Objects the domain schemas refuse (`Kind ns/name` → why): left out of snapshots instead of blocking them. */
  readonly rejected = new Map<string, string>();

  // Each object version is validated once: a snapshot after one change re-checks that object, not all of them.
  private readonly verdicts = new Map<string, { resourceVersion: string | undefined; why: string | null }>();

  private valid(o: KubeObject): boolean {
    const id = idOf(o);
    const rv = o.metadata.resourceVersion;
    let verdict = this.verdicts.get(id);
    if (!verdict || verdict.resourceVersion !== rv || rv === undefined) {
      let why: string | null = null;
      try {
        parseObject(o);
      } catch (e) {
        why = e instanceof Error ? e.message : String(e);
      }
      verdict = { resourceVersion: rv, why };
      this.verdicts.set(id, verdict);
    }
    if (verdict.why === null) {
      this.rejected.delete(id);
      return true;
    }
    if (this.rejected.get(id) !== verdict.why) this.opts.log.warn({ object: id }, `left out of the configuration: ${verdict.why}`);
    this.rejected.set(id, verdict.why);
    return false;
  }

  /** The snapshot of what the caches hold now. */
  snapshot(): ConfigSnapshot {
    const plain: KubeObject[] = [];
    const secrets: KubeObject[] = [];
    const configMaps: KubeObject[] = [];
    for (const [kind, informer] of this.informers) {
      const apiVersion = this.apiVersions.get(kind)!;
      const target = kind === 'Secret' ? secrets : kind === 'ConfigMap' ? configMaps : plain;
      for (const o of informer.list()) target.push(cleanObject(o, apiVersion, kind));
    }
    // The API server validated every object with its CRD; one that Gatehouse's schemas still refuse is left out with a
    // warning rather than holding back every other change (the console's feed, by contrast, is all valid). Secrets and
    // ConfigMaps are checked only when referenced: a cluster holds many the data plane never reads.
    const routing = plain.filter((o) => this.valid(o));
    const wantedSecrets = referencedKeys(routing, 'Secret');
    const wantedConfigMaps = referencedKeys(routing, 'ConfigMap');
    const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
    const config = [...secrets.filter((o) => wantedSecrets.has(key(o))), ...configMaps.filter((o) => wantedConfigMaps.has(key(o)))];
    const objects = [...routing, ...config.filter((o) => this.valid(o))];
    // Forget verdicts of objects no longer considered, so the cache follows the cluster instead of growing with it.
    const considered = new Set([...plain, ...config].map(idOf));
    for (const id of this.verdicts.keys()) if (!considered.has(id)) this.verdicts.delete(id);
    for (const id of this.rejected.keys()) if (!considered.has(id)) this.rejected.delete(id);
    this.revision++;
    return { revision: this.revision, objects };
  }

  private emit(): void {
    if (this.stopped) return;
    const receivedAt = performance.now();
    const snap = this.snapshot();
    this.lastSnapshotAt = new Date().toISOString();
    this.opts.onSnapshot(snap, receivedAt);
  }
}
