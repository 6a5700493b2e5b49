import type { HeaderEdits, MirrorTarget, RouteFilters } from '../routing-table/routing-table';
import { isPreflight, preflightHeaders, actualResponseHeaders } from './cors';
import { redirectLocation } from './redirect-location';
import { replacePath, splitQuery } from './replace-path';

/** What the filters need to know of a request. */
export interface FilterRequest {
  method: string;
  scheme: 'http' | 'https';
  /** Request host without its port, lower case. */
  host: string;
  /** Path and query as received. */
  target: string;
  listenerPort: number;
  /** The matched PathPrefix without its trailing slash ('' for "/"); the whole path for an Exact match. */
  matchedPrefix: string;
  origin: string | undefined;
  /** Access-Control-Request-Method / -Headers of a preflight. */
  requestMethod: string | undefined;
  requestHeaders: string | undefined;
}

export type FilterPlan =
  | { kind: 'redirect'; status: number; location: string }
  /** A CORS preflight answered by the gateway; `headers` null when the origin is not allowed. */
  | { kind: 'preflight'; status: number; headers: string[] | null }
  | {
      kind: 'forward';
      /** Path and query to send upstream. */
      target: string;
      /** Host to send upstream when URLRewrite set one; null keeps the client's. */
      authority: string | null;
      requestEdits: HeaderEdits[];
      responseEdits: HeaderEdits[];
      /** Set on the response to an allowed cross-origin request. */
      corsHeaders: Array<{ name: string; value: string }> | null;
      mirrors: MirrorTarget[];
    };

/**
 * Applies a rule's filters, then the chosen backendRef's, to a request: the first redirect or CORS preflight ends the
 * exchange at the gateway; otherwise the upstream request is rewritten and edited in filter order. Pure: the worker
 * and the request simulator call the same function, so what the console explains is what the worker does.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutefilter
 */
export function planFilters(sets: ReadonlyArray<RouteFilters | null>, req: FilterRequest): FilterPlan {
  let target = req.target;
  let authority: string | null = null;
  const requestEdits: HeaderEdits[] = [];
  const responseEdits: HeaderEdits[] = [];
  const mirrors: MirrorTarget[] = [];
  let corsHeaders: Array<{ name: string; value: string }> | null = null;
  for (const f of sets) {
    if (f === null) continue;
    if (f.cors !== null) {
      if (isPreflight(req.method, req.origin, req.requestMethod)) {
        return { kind: 'preflight', status: 204, headers: preflightHeaders(f.cors, req.origin as string, req.requestMethod as string, req.requestHeaders) };
      }
      corsHeaders = actualResponseHeaders(f.cors, req.origin);
    }
    if (f.redirect !== null) {
      const location = redirectLocation(f.redirect, { scheme: req.scheme, host: authority ?? req.host, target, listenerPort: req.listenerPort, matchedPrefix: req.matchedPrefix });
      return { kind: 'redirect', status: f.redirect.statusCode, location };
    }
    if (f.rewrite !== null) {
      if (f.rewrite.hostname !== null) authority = f.rewrite.hostname;
      if (f.rewrite.path !== null) {
        const { path, query } = splitQuery(target);
        target = replacePath(path, f.rewrite.path, req.matchedPrefix) + query;
      }
    }
    if (f.requestHeaders !== null) requestEdits.push(f.requestHeaders);
    if (f.responseHeaders !== null) responseEdits.push(f.responseHeaders);
    for (const m of f.mirrors) mirrors.push(m);
  }
  return { kind: 'forward', target, authority, requestEdits, responseEdits, corsHeaders, mirrors };
}
