import type { CorsPolicy, HeaderEdits, PathModifier, RedirectAction, RewriteAction } from '../routing-table/routing-table';
import { asArray, asBoolean, asDict, asDictArray, asNumber, asString, type Dict } from './read-field';

/** A backendRef inside a RequestMirror filter (BackendObjectReference: no weight, no filters). */
export interface MirrorRefView {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  port: number | undefined;
}

/**
 * One HTTPRouteFilter as the compiler reads it: the CRD's defaults applied (redirect statusCode 302, CORS maxAge 5,
 * mirror fraction denominator 100, percent 100 when neither is set).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutefilter
 */
export type FilterView =
  | { type: 'RequestHeaderModifier' | 'ResponseHeaderModifier'; edits: HeaderEdits }
  | { type: 'RequestRedirect'; redirect: RedirectAction }
  | { type: 'URLRewrite'; rewrite: RewriteAction }
  | { type: 'RequestMirror'; ref: MirrorRefView; numerator: number; denominator: number }
  | { type: 'CORS'; cors: CorsPolicy }
  | { type: 'ExtensionRef'; ref: string }
  | { type: 'Unknown'; written: string };

function readHeaderList(value: unknown): Array<{ name: string; value: string }> {
  return asDictArray(value).map((h) => ({ name: asString(h.name) ?? '', value: asString(h.value) ?? '' }));
}

function readHeaderEdits(d: Dict | undefined): HeaderEdits {
  return {
    set: readHeaderList(d?.set),
    add: readHeaderList(d?.add),
    // Header names are case-insensitive (RFC 9110 §5.1).
    remove: asArray(d?.remove).filter((n): n is string => typeof n === 'string').map((n) => n.toLowerCase()),
  };
}

function readPath(d: Dict | undefined): PathModifier | null {
  if (d === undefined) return null;
  const type = asString(d.type);
  if (type === 'ReplaceFullPath') return { type, value: asString(d.replaceFullPath) ?? '/' };
  if (type === 'ReplacePrefixMatch') return { type, value: asString(d.replacePrefixMatch) ?? '/' };
  return null;
}

function readRedirect(d: Dict | undefined): RedirectAction {
  const scheme = asString(d?.scheme);
  return {
    scheme: scheme === 'http' || scheme === 'https' ? scheme : null,
    hostname: asString(d?.hostname)?.toLowerCase() ?? null,
    port: asNumber(d?.port) ?? null,
    path: readPath(asDict(d?.path)),
    statusCode: asNumber(d?.statusCode) ?? 302,
  };
}

function readMirror(d: Dict | undefined, routeNamespace: string): FilterView {
  const b = asDict(d?.backendRef);
  const ref: MirrorRefView = {
    group: asString(b?.group) ?? '',
    kind: asString(b?.kind) ?? 'Service',
    namespace: asString(b?.namespace) ?? routeNamespace,
    name: asString(b?.name) ?? '',
    port: asNumber(b?.port),
  };
  const percent = asNumber(d?.percent);
  const fraction = asDict(d?.fraction);
  if (fraction !== undefined) {
    return { type: 'RequestMirror', ref, numerator: asNumber(fraction.numerator) ?? 0, denominator: asNumber(fraction.denominator) ?? 100 };
  }
  // Neither percent nor fraction: every request is mirrored.
  return { type: 'RequestMirror', ref, numerator: percent ?? 100, denominator: 100 };
}

function readCors(d: Dict | undefined): CorsPolicy {
  const strings = (v: unknown) => asArray(v).filter((x): x is string => typeof x === 'string');
  return {
    allowOrigins: strings(d?.allowOrigins),
    allowCredentials: asBoolean(d?.allowCredentials) ?? false,
    allowMethods: strings(d?.allowMethods),
    allowHeaders: strings(d?.allowHeaders).map((h) => h.toLowerCase()),
    exposeHeaders: strings(d?.exposeHeaders),
    maxAgeSeconds: asNumber(d?.maxAge) ?? 5,
  };
}

export function readFilter(f: Dict, routeNamespace: string): FilterView {
  const type = asString(f.type) ?? '';
  switch (type) {
    case 'RequestHeaderModifier':
      return { type, edits: readHeaderEdits(asDict(f.requestHeaderModifier)) };
    case 'ResponseHeaderModifier':
      return { type, edits: readHeaderEdits(asDict(f.responseHeaderModifier)) };
    case 'RequestRedirect':
      return { type, redirect: readRedirect(asDict(f.requestRedirect)) };
    case 'URLRewrite': {
      const d = asDict(f.urlRewrite);
      return { type, rewrite: { hostname: asString(d?.hostname)?.toLowerCase() ?? null, path: readPath(asDict(d?.path)) } };
    }
    case 'RequestMirror':
      return readMirror(asDict(f.requestMirror), routeNamespace);
    case 'CORS':
      return { type, cors: readCors(asDict(f.cors)) };
    case 'ExtensionRef': {
      const e = asDict(f.extensionRef);
      return { type, ref: `${asString(e?.group) ?? ''}/${asString(e?.kind) ?? ''} ${asString(e?.name) ?? ''}` };
    }
    default:
      return { type: 'Unknown', written: type };
  }
}

export function readFilters(value: unknown, routeNamespace: string): FilterView[] {
  return asDictArray(value).map((f) => readFilter(f, routeNamespace));
}
