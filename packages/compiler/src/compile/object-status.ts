/**
 * The status the compiler computes for one object, in the object's own Gateway API status shape
 * (`status.conditions`, `status.listeners`, `status.parents`, `status.ancestors`). `namespace` is ''
 * for cluster-scoped objects (GatewayClass).
 */
export interface ObjectStatus {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  status: Record<string, unknown>;
}
