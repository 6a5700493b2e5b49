import type { KubeRest } from '../client/kube-rest';
import { statusMessage } from '../client/kube-rest';

export interface LeaseOptions {
  namespace: string;
  name: string;
  /** This replica's id: the Lease's holderIdentity while it leads. */
  identity: string;
  leaseDurationSeconds?: number;
  /** How often the leader renews, and followers look. */
  retryPeriodMs?: number;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  onChange?: (leading: boolean) => void;
}

interface Lease {
  metadata: { resourceVersion?: string };
  spec?: { holderIdentity?: string | null; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number };
}

// metav1.MicroTime: RFC 3339 with microseconds.
const microTime = (d: Date) => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/**
 * Leader election with a `coordination.k8s.io/v1` Lease, as client-go's leaderelection does it: the holder renews
 * `renewTime` every retry period; another replica takes the Lease over once it has seen the same record unchanged
 * for a whole lease duration (its own clock measures that, so clock skew between nodes does not matter). Writes
 * carry the resourceVersion they read, so two replicas can never both win. Every replica serves traffic; only the
 * leader writes status. `stop()` gives the Lease up so a successor takes over at once.
 */
export class LeaseElector {
  leading = false;
  holder: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private observed: { record: string; at: number } | null = null;

  constructor(private readonly rest: KubeRest, private readonly opts: LeaseOptions) {}

  private get path(): string {
    return `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.opts.namespace)}/leases`;
  }

  start(): void {
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (!this.leading) return;
    const got = await this.rest.request<Lease>('GET', `${this.path}/${this.opts.name}`).catch(() => undefined);
    if (got?.status === 200 && got.json.spec?.holderIdentity === this.opts.identity) {
      // Release: an empty holder lets the next replica take over without waiting for the lease to expire.
      await this.rest.request('PUT', `${this.path}/${this.opts.name}`, { body: { ...got.json, spec: { ...got.json.spec, holderIdentity: null, leaseDurationSeconds: 1 } } }).catch(() => undefined);
    }
    this.set(false, null);
  }

  private set(leading: boolean, holder: string | null): void {
    this.holder = holder;
    if (leading !== this.leading) {
      this.leading = leading;
      this.opts.log.info({ lease: `${this.opts.namespace}/${this.opts.name}`, identity: this.opts.identity }, leading ? 'became the leader: writing status' : 'no longer the leader');
      this.opts.onChange?.(leading);
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.once();
    } catch (e) {
      this.opts.log.warn({ lease: this.opts.name }, `leader election: ${(e as Error).message}`);
      // Cannot reach the API server: a leader that cannot renew stops acting as one before its lease runs out.
      if (this.leading && this.observed && Date.now() - this.observed.at > this.durationMs() * 0.8) this.set(false, this.holder);
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.opts.retryPeriodMs ?? 2000);
  }

  private durationMs(): number {
    return (this.opts.leaseDurationSeconds ?? 15) * 1000;
  }

  private async once(): Promise<void> {
    const now = new Date();
    const duration = this.opts.leaseDurationSeconds ?? 15;
    const got = await this.rest.request<Lease>('GET', `${this.path}/${this.opts.name}`);
    if (got.status === 404) {
      const created = await this.rest.request('POST', this.path, {
        body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.opts.name, namespace: this.opts.namespace }, spec: { holderIdentity: this.opts.identity, leaseDurationSeconds: duration, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0 } },
      });
      if (created.status === 201) {
        this.observed = { record: 'created', at: Date.now() };
        this.set(true, this.opts.identity);
      } else if (created.status !== 409) throw new Error(`create Lease ${this.opts.name}: ${created.status} ${statusMessage(created)}`);
      return;
    }
    if (got.status !== 200) throw new Error(`read Lease ${this.opts.name}: ${got.status} ${statusMessage(got)}`);
    const lease = got.json;
    const spec = lease.spec ?? {};
    const record = JSON.stringify([spec.holderIdentity, spec.renewTime, spec.acquireTime]);
    if (!this.observed || this.observed.record !== record) this.observed = { record, at: Date.now() };
    const mine = spec.holderIdentity === this.opts.identity;
    const expired = !spec.holderIdentity || Date.now() - this.observed.at > (spec.leaseDurationSeconds ?? duration) * 1000;
    if (!mine && !expired) {
      this.set(false, spec.holderIdentity ?? null);
      return;
    }
    const next = {
      ...lease,
      spec: {
        ...spec,
        holderIdentity: this.opts.identity,
        leaseDurationSeconds: duration,
        renewTime: microTime(now),
        ...(mine ? {} : { acquireTime: microTime(now), leaseTransitions: (spec.leaseTransitions ?? 0) + 1 }),
      },
    };
    const put = await this.rest.request<Lease>('PUT', `${this.path}/${this.opts.name}`, { body: next });
    if (put.status === 200) {
      this.observed = { record: JSON.stringify([next.spec.holderIdentity, next.spec.renewTime, next.spec.acquireTime]), at: Date.now() };
      this.set(true, this.opts.identity);
    } else if (put.status === 409) {
      this.set(false, spec.holderIdentity ?? null); // someone else wrote first; look again next time
    } else {
      throw new Error(`update Lease ${this.opts.name}: ${put.status} ${statusMessage(put)}`);
    }
  }
}
