/**
 * "Does the cluster agree?": Gatehouse's own computed status of an object beside the status the worker in a
 * cluster wrote, as conditions per place (the object, each listener, each parent or ancestor of Gatehouse's
 * controller), and the differences in words. Only condition status (True/False/Unknown) and attachedRoutes count:
 * reasons and messages may be worded differently by another version of the worker. Pure.
 */
type Cond = { type: string; status: string; reason?: string; message?: string };
type Status = Record<string, unknown> | undefined;

export interface StatusSummary {
  /** `place` → condition type → status; place is '' for the object, `listener http`, `parent simple-fsm-gateway` … */
  conditions: Record<string, Record<string, string>>;
  attachedRoutes: Record<string, number>;
}

function conds(list: unknown): Record<string, string> {
  return Object.fromEntries(((list as Cond[] | undefined) ?? []).map((c) => [c.type, c.status]));
}

function refLabel(ref: Record<string, unknown> | undefined): string {
  if (!ref) return '?';
  const ns = ref.namespace ? `${String(ref.namespace)}/` : '';
  // A route may name a Gateway and a ListenerSet of the same name: only Gateway goes without its kind.
  const kind = ref.kind && ref.kind !== 'Gateway' ? `${String(ref.kind)} ` : '';
  return `${kind}${ns}${String(ref.name ?? '?')}${ref.sectionName ? ` (${String(ref.sectionName)})` : ''}${ref.port ? ` port ${String(ref.port)}` : ''}`;
}

export function summarizeStatus(kind: string, status: Status, controllerName: string): StatusSummary | undefined {
  if (!status) return undefined;
  const out: StatusSummary = { conditions: {}, attachedRoutes: {} };
  if (status.conditions) out.conditions[''] = conds(status.conditions);
  // A ListenerSet's status.listeners has the Gateway's listener shape (ListenerEntryStatus).
  if (kind === 'Gateway' || kind === 'ListenerSet') {
    for (const l of (status.listeners as { name: string; attachedRoutes?: number; conditions?: Cond[] }[] | undefined) ?? []) {
      out.conditions[`listener ${l.name}`] = conds(l.conditions);
      out.attachedRoutes[`listener ${l.name}`] = l.attachedRoutes ?? 0;
    }
  }
  for (const [field, label] of [['parents', 'parentRef'], ['ancestors', 'ancestorRef']] as const) {
    for (const p of (status[field] as Record<string, unknown>[] | undefined) ?? []) {
      if (p.controllerName !== controllerName) continue;
      out.conditions[`${field === 'parents' ? 'parent' : 'ancestor'} ${refLabel(p[label] as Record<string, unknown>)}`] = conds(p.conditions);
    }
  }
  const empty = Object.keys(out.conditions).length === 0 && Object.keys(out.attachedRoutes).length === 0;
  return empty ? undefined : out;
}

/** The differences in words; empty when the two agree. */
export function compareStatus(kind: string, gatehouse: Status, cluster: Status, controllerName: string): string[] {
  const g = summarizeStatus(kind, gatehouse, controllerName);
  const c = summarizeStatus(kind, cluster, controllerName);
  if (!g && !c) return [];
  if (!c) return ['the cluster holds no status from a Gatehouse worker for it (is a worker running there, and does it handle this GatewayClass?)'];
  if (!g) return ['Gatehouse computes no status for it, but the cluster has one'];
  const out: string[] = [];
  const places = [...new Set([...Object.keys(g.conditions), ...Object.keys(c.conditions)])].sort();
  for (const place of places) {
    const where = place ? `${place}: ` : '';
    const gc = g.conditions[place];
    const cc = c.conditions[place];
    if (!gc) { out.push(`${where}only the cluster has it`); continue; }
    if (!cc) { out.push(`${where}the cluster has no status for it`); continue; }
    for (const type of [...new Set([...Object.keys(gc), ...Object.keys(cc)])].sort()) {
      if (gc[type] !== cc[type]) out.push(`${where}${type} is ${gc[type] ?? 'absent'} in Gatehouse, ${cc[type] ?? 'absent'} in the cluster`);
    }
  }
  for (const place of [...new Set([...Object.keys(g.attachedRoutes), ...Object.keys(c.attachedRoutes)])].sort()) {
    if (g.attachedRoutes[place] !== c.attachedRoutes[place]) out.push(`${place}: ${g.attachedRoutes[place] ?? 0} attached route(s) in Gatehouse, ${c.attachedRoutes[place] ?? 0} in the cluster`);
  }
  return out;
}
