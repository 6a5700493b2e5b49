/** Words for the Status tab: how many objects agree with the cluster, and the objects' labels. Pure. */
export interface StatusComparisonItem {
  kind: string;
  namespace?: string | undefined;
  name: string;
  inCluster: boolean;
  agree: boolean;
  differences: string[];
}

export function describeStatusComparison(items: StatusComparisonItem[], namespace: string): string {
  if (items.length === 0) return `Gatehouse has no Gateways, HTTPRoutes or TLS policies in ${namespace}.`;
  const agree = items.filter((i) => i.agree).length;
  const missing = items.filter((i) => !i.inCluster).length;
  if (agree === items.length) return `All ${items.length} objects in ${namespace}: the cluster's worker reports what Gatehouse computes.`;
  const parts = [`${items.length - agree} of ${items.length} objects disagree`];
  if (missing > 0) parts.push(`${missing} not in the cluster`);
  return `${parts.join('; ')}.`;
}

/** Disagreeing objects first, then by kind and name. */
export function orderForReview<T extends StatusComparisonItem>(items: T[]): T[] {
  return [...items].sort((a, b) => Number(a.agree) - Number(b.agree) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}
