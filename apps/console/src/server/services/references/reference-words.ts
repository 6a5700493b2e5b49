import type { ReferenceCheck, ReferenceFix, ReferenceStatus, ReferenceTarget } from '@gatehouse/domain/references/reference-check.schema';
import type { KeyFacts, ServicePortFacts } from './reference-world';

/** The object that holds the references: the draft's group, kind, namespace and name. */
export interface DraftIdentity {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

export function check(path: string, field: string, target: ReferenceTarget, status: ReferenceStatus, message: string, fix?: ReferenceFix): ReferenceCheck {
  return { path, field, target, status, message, ...(fix ? { fix } : {}) };
}

/** "a, b and c"; long lists end in "and N more". */
export function listWords(items: readonly string[], max = 6): string {
  if (items.length === 0) return 'none';
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  if (items.length === 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `name` in the draft's own namespace, `ns/name` elsewhere. */
export function nameIn(draft: DraftIdentity, t: { namespace: string; name: string }): string {
  return t.namespace === draft.namespace || t.namespace === '' ? t.name : `${t.namespace}/${t.name}`;
}

/** "8443", "8443 (https)" */
export function portLabel(p: ServicePortFacts): string {
  return p.name ? `${p.port} (${p.name})` : String(p.port);
}

export function portsWords(ports: readonly ServicePortFacts[]): string {
  if (ports.length === 0) return 'no ports';
  return `${ports.length === 1 ? 'port' : 'ports'} ${listWords(ports.map(portLabel), 8)}`;
}

/** "port 8443 → target port 443 (TCP)" */
export function portDetail(p: ServicePortFacts): string {
  const target = p.targetPort === undefined || p.targetPort === p.port ? '' : ` → target port ${p.targetPort}`;
  return `port ${p.port}${p.name ? ` "${p.name}"` : ''}${target} (${p.protocol}${p.appProtocol ? `, ${p.appProtocol}` : ''})`;
}

export function keysWords(keys: Readonly<Record<string, KeyFacts>>): string {
  const names = Object.keys(keys).sort();
  return names.length === 0 ? 'it holds no data' : `its keys: ${listWords(names, 8)}`;
}

/** "Gateway API kinds in words": HTTPRoutes, UpstreamTLSPolicies. */
export function kindsWord(kind: string): string {
  return /[^aeiou]y$/i.test(kind) ? `${kind.slice(0, -1)}ies` : `${kind}s`;
}

/** A cross-namespace reference that no ReferenceGrant allows, and how to allow it. */
export function refusedWords(draft: DraftIdentity, t: ReferenceTarget, exists: boolean): string {
  return (
    `${t.kind} ${t.namespace}/${t.name} is in another namespace, and no ReferenceGrant in ${t.namespace} lets ${kindsWord(draft.kind)} from ${draft.namespace} refer to it` +
    `${exists ? '' : ' (nor does it exist there yet)'}. Add a ReferenceGrant in ${t.namespace} (from ${draft.kind} in ${draft.namespace}, to ${t.kind}), or name one in ${draft.namespace}.`
  );
}
