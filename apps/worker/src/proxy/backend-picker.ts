import type { BackendTarget, Endpoint, RuleTarget, ServiceBackend } from '@gatehouse/compiler/routing-table/routing-table';
import { OutlierDetector } from './outlier-detector';

/** What a weighted choice reads: an HTTPRoute rule target or a TLSRoute target. */
export type WeightedBackends = Pick<RuleTarget, 'backends' | 'totalWeight'>;

/**
 * Chooses a backend by weight (smooth weighted round robin, as nginx does: deterministic and evenly
 * interleaved) and an endpoint round robin. State lives in WeakMaps keyed by the table's frozen objects,
 * so a table swap starts fresh and old state is collected with the old table.
 */
export class BackendPicker {
  private readonly current = new WeakMap<WeightedBackends, number[]>();
  private readonly cursor = new WeakMap<ServiceBackend, number>();
  /** Endpoints that failed to connect are skipped for a while (outlier-detector.ts). */
  readonly outliers = new OutlierDetector();

  /** An HTTPRoute rule's or a TLSRoute's backends (each keeps its own round-robin state). */
  pickBackend(rule: WeightedBackends): BackendTarget | undefined {
    const backends = rule.backends;
    if (backends.length === 1) return backends[0];
    let cw = this.current.get(rule);
    if (cw === undefined) {
      cw = new Array<number>(backends.length).fill(0);
      this.current.set(rule, cw);
    }
    let best = -1;
    for (let i = 0; i < backends.length; i++) {
      const w = (backends[i] as BackendTarget).weight;
      if (w <= 0) continue;
      cw[i] = (cw[i] as number) + w;
      if (best < 0 || (cw[i] as number) > (cw[best] as number)) best = i;
    }
    if (best < 0) return undefined;
    cw[best] = (cw[best] as number) - rule.totalWeight;
    return backends[best];
  }

  pickEndpoint(backend: ServiceBackend): Endpoint | undefined {
    const eps = backend.endpoints;
    if (eps.length <= 1) return eps[0];
    const n = this.cursor.get(backend) ?? 0;
    this.cursor.set(backend, n + 1);
    const first = eps[n % eps.length] as Endpoint;
    if (!this.outliers.active || !this.outliers.isEjected(first)) return first;
    // Round robin over the endpoints not ejected; all ejected → the plain round-robin choice.
    for (let i = 1; i < eps.length; i++) {
      const ep = eps[(n + i) % eps.length] as Endpoint;
      if (!this.outliers.isEjected(ep)) {
        this.cursor.set(backend, n + i + 1);
        return ep;
      }
    }
    return first;
  }

  /**
   * An endpoint other than `avoid` (whose connection just failed), round robin, preferring endpoints not ejected;
   * `avoid` itself only when the Service has no other endpoint.
   */
  pickOtherEndpoint(backend: ServiceBackend, avoid: Endpoint): Endpoint | undefined {
    const eps = backend.endpoints;
    const n = this.cursor.get(backend) ?? 0;
    let fallback: Endpoint | undefined;
    for (let i = 0; i < eps.length; i++) {
      const ep = eps[(n + i) % eps.length] as Endpoint;
      if (ep.address === avoid.address && ep.port === avoid.port) continue;
      if (!this.outliers.isEjected(ep)) {
        this.cursor.set(backend, n + i + 1);
        return ep;
      }
      fallback ??= ep;
    }
    return fallback ?? eps[0];
  }
}
