import type { KubeObject } from '../object/meta';

/**
 * The desired configuration at one revision: the IR between the control plane and the worker.
 * The console's feed (embedded mode) and, later, a cluster watch both produce it; the worker's
 * pure compile step turns it into a routing table plus status conditions. It holds objects as
 * stored (storage versions, Secret data decoded to base64 as Kubernetes serves it), nothing derived.
 */
export interface ConfigSnapshot {
  /** Monotonic revision (the highest resourceVersion in the store when it was taken). */
  revision: number;
  objects: KubeObject[];
}
