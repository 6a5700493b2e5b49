import { findKindByGroupKind, findKindByPlural } from '@gatehouse/domain/registry/kinds';
import type { KindInfo } from '@gatehouse/domain/registry/kind-info';

/**
 * One URL scheme for every object: `/resources/<plural>/<namespace>/<name>` (cluster-scoped kinds:
 * `/resources/<plural>/<name>`), `…/edit` to edit it, `/resources/<plural>/new?namespace=…` to create one.
 * The plural is the API's own (as in `/api/v1/namespaces/<ns>/<plural>/<name>`), so a URL names exactly one object.
 */
export interface ObjectRoute {
  kind: KindInfo;
  namespace?: string;
  name: string;
  edit: boolean;
}

/** The kinds that have detail pages (every stored kind except Namespace). */
export function isBrowsable(kind: KindInfo | undefined): kind is KindInfo {
  return kind !== undefined && kind.kind !== 'Namespace';
}

export function detailHref(plural: string, namespace: string | undefined, name: string): string {
  const kind = findKindByPlural(plural);
  const parts = ['/resources', plural, ...(kind?.namespaced ? [namespace ?? ''] : []), name].map((p, i) => (i === 0 ? p : encodeURIComponent(p)));
  return parts.join('/');
}

export function editHref(plural: string, namespace: string | undefined, name: string): string {
  return `${detailHref(plural, namespace, name)}/edit`;
}

export function createHref(plural: string, namespace?: string): string {
  return `/resources/${plural}/new${namespace ? `?namespace=${encodeURIComponent(namespace)}` : ''}`;
}

/** The page of an object named by group/kind (relationships, references); undefined for kinds without one. */
export function hrefOf(ref: { group: string; kind: string; namespace: string; name: string }): string | undefined {
  const kind = findKindByGroupKind(ref.group, ref.kind);
  return isBrowsable(kind) ? detailHref(kind.plural, ref.namespace, ref.name) : undefined;
}

/** Reads the catch-all segments of a detail or edit URL; undefined when they name no object of the kind. */
export function parseObjectRoute(plural: string, segments: readonly string[]): ObjectRoute | undefined {
  const kind = findKindByPlural(plural);
  if (!isBrowsable(kind)) return undefined;
  const parts = segments.map((s) => decodeURIComponent(s));
  const edit = parts.length > 0 && parts[parts.length - 1] === 'edit' && parts.length === (kind.namespaced ? 3 : 2);
  const ref = edit ? parts.slice(0, -1) : parts;
  if (kind.namespaced) {
    const [namespace, name] = ref;
    return ref.length === 2 && namespace && name ? { kind, namespace, name, edit } : undefined;
  }
  const [name] = ref;
  return ref.length === 1 && name ? { kind, name, edit } : undefined;
}

/** The list page where objects of a kind are shown (the sidebar's sections), with the namespace kept. */
export function listHref(plural: string, namespace?: string): string {
  const base: Record<string, string> = {
    gateways: '/gateways',
    gatewayclasses: '/gateways',
    listenersets: '/gateways/listener-sets',
    httproutes: '/routes',
    tlsroutes: '/routes/tls-routes',
    referencegrants: '/routes',
    services: '/services',
    endpointslices: '/services',
    upstreamtlspolicies: '/tls-policies',
    backendtlspolicies: '/tls-policies?kind=backend',
    secrets: '/secrets',
    configmaps: '/secrets',
  };
  const path = base[plural] ?? '/';
  if (!namespace) return path;
  return `${path}${path.includes('?') ? '&' : '?'}namespace=${encodeURIComponent(namespace)}`;
}

/** Section names of the list pages, for breadcrumbs. */
export function sectionOf(plural: string): string {
  const names: Record<string, string> = {
    gateways: 'Gateways', gatewayclasses: 'Gateways', listenersets: 'Gateways', httproutes: 'Routes', tlsroutes: 'Routes', referencegrants: 'Routes', services: 'Services', endpointslices: 'Services',
    upstreamtlspolicies: 'TLS Policies', backendtlspolicies: 'TLS Policies', secrets: 'Secrets', configmaps: 'Secrets',
  };
  return names[plural] ?? 'Resources';
}

/** The page of an object as the API returns it (group from its apiVersion). */
export function objectHref(obj: { apiVersion: string; kind: string; metadata: { namespace?: string | undefined; name: string } }): string | undefined {
  const slash = obj.apiVersion.indexOf('/');
  return hrefOf({ group: slash < 0 ? '' : obj.apiVersion.slice(0, slash), kind: obj.kind, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name });
}

/** The list page a `/resources/<plural>/…` page belongs to (`/gateways`), for the sidebar; undefined elsewhere. */
export function sectionPathOf(pathname: string): string | undefined {
  const m = /^\/resources\/([^/]+)(\/|$)/.exec(pathname);
  return m?.[1] ? listHref(m[1]).split('?')[0] : undefined;
}
