import type { KubeObject } from '@gatehouse/domain/object/meta';
import { GATEWAY_GROUP } from './gateway-input';
import { type MetaView, readMeta } from './object-meta';
import { durationToMs } from '@gatehouse/domain/gateway-api/names.schema';
import { asArray, asDict, asDictArray, asNumber, asString, asStringArray, type Dict } from './read-field';
import { type FilterView, readFilters } from './route-filter-input';

/** A parentRef with the CRD defaults applied (group, kind, namespace = the route's). */
export interface ParentRefView {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  sectionName: string | undefined;
  port: number | undefined;
  /** The ref as written (defaults for group/kind filled in): echoed in `status.parents[].parentRef`. */
  echo: Record<string, string | number>;
}

export interface ValueMatchView {
  type: string;
  name: string;
  value: string;
}

export interface RouteMatchView {
  pathType: string;
  pathValue: string;
  headers: ValueMatchView[];
  queryParams: ValueMatchView[];
  method: string | undefined;
}

export interface BackendRefView {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  port: number | undefined;
  weight: number;
  filters: FilterView[];
}

export interface RouteRuleView {
  name: string | undefined;
  matches: RouteMatchView[];
  backendRefs: BackendRefView[];
  filters: FilterView[];
  /** Milliseconds; undefined when not set (0 = explicitly no timeout). */
  requestTimeoutMs: number | undefined;
  backendRequestTimeoutMs: number | undefined;
  retry: { attempts: number; codes: number[]; backoffMs: number } | undefined;
}

export interface HttpRouteView {
  meta: MetaView;
  parentRefs: ParentRefView[];
  hostnames: string[];
  rules: RouteRuleView[];
}

export function readParentRef(p: Dict, routeNamespace: string): ParentRefView {
  const group = asString(p.group) ?? GATEWAY_GROUP;
  const kind = asString(p.kind) ?? 'Gateway';
  const name = asString(p.name) ?? '';
  const namespace = asString(p.namespace);
  const sectionName = asString(p.sectionName);
  const port = asNumber(p.port);
  const echo: Record<string, string | number> = { group, kind, name };
  if (namespace !== undefined) echo.namespace = namespace;
  if (sectionName !== undefined) echo.sectionName = sectionName;
  if (port !== undefined) echo.port = port;
  return { group, kind, namespace: namespace ?? routeNamespace, name, sectionName, port, echo };
}

function readValueMatches(value: unknown, lowerCaseNames: boolean): ValueMatchView[] {
  return asDictArray(value).map((m) => {
    const name = asString(m.name) ?? '';
    return { type: asString(m.type) ?? 'Exact', name: lowerCaseNames ? name.toLowerCase() : name, value: asString(m.value) ?? '' };
  });
}

function readMatch(m: Dict): RouteMatchView {
  const path = asDict(m.path);
  return {
    pathType: asString(path?.type) ?? 'PathPrefix',
    pathValue: asString(path?.value) ?? '/',
    // Header names are case-insensitive (RFC 7230); query parameter names are matched exactly.
    headers: readValueMatches(m.headers, true),
    queryParams: readValueMatches(m.queryParams, false),
    method: asString(m.method),
  };
}

export function readBackendRef(b: Dict, routeNamespace: string): BackendRefView {
  return {
    group: asString(b.group) ?? '',
    kind: asString(b.kind) ?? 'Service',
    namespace: asString(b.namespace) ?? routeNamespace,
    name: asString(b.name) ?? '',
    port: asNumber(b.port),
    weight: asNumber(b.weight) ?? 1,
    filters: readFilters(b.filters, routeNamespace),
  };
}

function readDuration(value: unknown): number | undefined {
  const s = asString(value);
  if (s === undefined) return undefined;
  const ms = durationToMs(s);
  return Number.isFinite(ms) ? ms : undefined;
}

/** HTTPRouteRetry (GEP-1731); attempts defaults to 1 when retry is present but attempts is not (the GEP's minimum). */
function readRetry(value: unknown): RouteRuleView['retry'] {
  const d = asDict(value);
  if (d === undefined) return undefined;
  return {
    attempts: asNumber(d.attempts) ?? 1,
    codes: asArray(d.codes).filter((c): c is number => typeof c === 'number'),
    backoffMs: readDuration(d.backoff) ?? 0,
  };
}

function readRule(r: Dict, routeNamespace: string): RouteRuleView {
  const matches = asDictArray(r.matches).map(readMatch);
  const timeouts = asDict(r.timeouts);
  return {
    name: asString(r.name),
    // The CRD defaults an absent match list to one `PathPrefix /` match.
    matches: matches.length > 0 ? matches : [{ pathType: 'PathPrefix', pathValue: '/', headers: [], queryParams: [], method: undefined }],
    backendRefs: asDictArray(r.backendRefs).map((b) => readBackendRef(b, routeNamespace)),
    filters: readFilters(r.filters, routeNamespace),
    requestTimeoutMs: readDuration(timeouts?.request),
    backendRequestTimeoutMs: readDuration(timeouts?.backendRequest),
    retry: readRetry(r.retry),
  };
}

export function readHttpRoute(obj: KubeObject): HttpRouteView {
  const meta = readMeta(obj);
  const spec = asDict(obj.spec);
  const rules = asDictArray(spec?.rules).map((r) => readRule(r, meta.namespace));
  return {
    meta,
    parentRefs: asDictArray(spec?.parentRefs).map((p) => readParentRef(p, meta.namespace)),
    hostnames: asStringArray(spec?.hostnames).map((h) => h.toLowerCase()),
    // The CRD defaults `rules` to one rule matching `PathPrefix /` with no backends.
    rules: rules.length > 0 ? rules : [readRule({}, meta.namespace)],
  };
}
