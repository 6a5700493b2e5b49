import type { Condition, KubeObject } from '@gatehouse/domain/object/meta';
import { canonicalJson } from '../render/ownership';
import { objectPath } from '../client/discovery';
import type { KubeRest } from '../client/kube-rest';
import { apiVersionOfKind, kindInfoOf } from '../render/apply-order';
import { statusMessage } from '../client/kube-rest';

/** One object's status as the compiler computed it (the compiler's ObjectStatus). */
export interface ComputedStatus {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  status: Record<string, unknown>;
}

export interface StatusExtras {
  controllerName: string;
  /** Gateway `status.addresses`: where clients reach this worker's listeners. */
  gatewayAddresses: { type: 'IPAddress' | 'Hostname'; value: string }[];
}

// The kinds whose status the worker writes.
const STATUS_KINDS = new Set(['GatewayClass', 'Gateway', 'HTTPRoute', 'TLSRoute', 'ListenerSet', 'BackendTLSPolicy', 'UpstreamTLSPolicy']);

type Conditioned = { conditions?: Condition[] };

/** Keeps lastTransitionTime of conditions whose status did not change (metav1.Condition's rule). */
function keepTransitionTimes<T extends Conditioned>(next: T, prev: Conditioned | undefined): T {
  if (!next.conditions) return next;
  const before = new Map((prev?.conditions ?? []).map((c) => [c.type, c]));
  return { ...next, conditions: next.conditions.map((c) => { const p = before.get(c.type); return p && p.status === c.status ? { ...c, lastTransitionTime: p.lastTransitionTime } : c; }) };
}

function mergeByController(ours: Record<string, unknown>[], live: Record<string, unknown>[] | undefined, controllerName: string, keyOf: (e: Record<string, unknown>) => string): Record<string, unknown>[] {
  const liveByKey = new Map((live ?? []).filter((e) => e.controllerName === controllerName).map((e) => [keyOf(e), e]));
  const others = (live ?? []).filter((e) => e.controllerName !== controllerName);
  return [...others, ...ours.map((e) => keepTransitionTimes(e as Conditioned, liveByKey.get(keyOf(e)) as Conditioned | undefined) as Record<string, unknown>)];
}

/** The status to write: the compiler's, with what only the worker knows, merged with what other controllers wrote. */
export function desiredStatus(computed: ComputedStatus, live: Record<string, unknown> | undefined, extras: StatusExtras): Record<string, unknown> {
  const s = computed.status;
  switch (computed.kind) {
    case 'GatewayClass':
      // supportedFeatures come with the compiler's status: it compiled for the worker's engine, so they name exactly
      // what that engine implements (compiler engines/engine-support.ts).
      return keepTransitionTimes(s as Conditioned, live as Conditioned);
    case 'ListenerSet': {
      const listeners = ((s.listeners as (Conditioned & { name: string })[]) ?? []).map((l) => keepTransitionTimes(l, ((live?.listeners as (Conditioned & { name: string })[]) ?? []).find((x) => x.name === l.name)));
      return { ...keepTransitionTimes(s as Conditioned, live as Conditioned), listeners };
    }
    case 'Gateway': {
      const listeners = ((s.listeners as (Conditioned & { name: string })[]) ?? []).map((l) => keepTransitionTimes(l, ((live?.listeners as (Conditioned & { name: string })[]) ?? []).find((x) => x.name === l.name)));
      // The compiler judged spec.addresses against the worker's addresses when it knew them; else all of them.
      const addresses = Array.isArray(s.addresses) ? s.addresses : extras.gatewayAddresses;
      return { ...keepTransitionTimes(s as Conditioned, live as Conditioned), listeners, ...(addresses.length ? { addresses } : {}) };
    }
    case 'HTTPRoute':
    case 'TLSRoute':
      // Only our parents' entries are ours to write; other controllers' entries are kept as they are.
      return { parents: mergeByController(s.parents as Record<string, unknown>[], live?.parents as Record<string, unknown>[] | undefined, extras.controllerName, (e) => canonicalJson(e.parentRef)) };
    case 'BackendTLSPolicy':
      return { ancestors: mergeByController(s.ancestors as Record<string, unknown>[], live?.ancestors as Record<string, unknown>[] | undefined, extras.controllerName, (e) => canonicalJson(e.ancestorRef)) };
    case 'UpstreamTLSPolicy':
      return {
        ...keepTransitionTimes(s as Conditioned, live as Conditioned),
        ancestors: mergeByController((s.ancestors as Record<string, unknown>[]) ?? [], live?.ancestors as Record<string, unknown>[] | undefined, extras.controllerName, (e) => canonicalJson(e.ancestorRef)),
      };
    default:
      return keepTransitionTimes(s as Conditioned, live as Conditioned);
  }
}

export interface StatusWriteReport {
  written: number;
  unchanged: number;
  failed: { object: string; message: string }[];
}

/**
 * Writes computed statuses through the status subresource, only where they differ from what the object holds (no
 * write storms: a steady state writes nothing), as a merge patch that carries the resourceVersion it was computed
 * against (a concurrent change makes it 409, and the next round computes again).
 */
export async function writeStatuses(rest: KubeRest, computed: ComputedStatus[], liveOf: (kind: string, namespace: string, name: string) => KubeObject | undefined, extras: StatusExtras): Promise<StatusWriteReport> {
  const report: StatusWriteReport = { written: 0, unchanged: 0, failed: [] };
  for (const c of computed) {
    const live = liveOf(c.kind, c.namespace, c.name);
    if (!STATUS_KINDS.has(c.kind) || !live) continue;
    const current = (live as KubeObject & { status?: Record<string, unknown> }).status;
    const next = desiredStatus(c, current, extras);
    const merged = { ...(current ?? {}), ...next };
    if (canonicalJson(merged) === canonicalJson(current ?? {})) {
      report.unchanged++;
      continue;
    }
    const info = kindInfoOf(c.kind);
    const path = `${objectPath({ apiVersion: apiVersionOfKind(c.kind), kind: c.kind, plural: info.plural, namespaced: info.namespaced }, c.namespace, c.name)}/status`;
    const res = await rest.request('PATCH', path, { query: { fieldManager: 'gatehouse-worker' }, contentType: 'application/merge-patch+json', body: { metadata: { resourceVersion: live.metadata.resourceVersion }, status: next } });
    if (res.status === 200) report.written++;
    else report.failed.push({ object: `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`, message: `${res.status} ${statusMessage(res)}` });
  }
  return report;
}
