import type { FilterView } from '../input/route-filter-input';
import type { RouteFilters, MirrorTarget, ServiceBackend } from '../routing-table/routing-table';

export interface CompiledFilters {
  filters: RouteFilters | null;
  /** A filter the worker cannot apply (ExtensionRef): requests it would process MUST get an error, never skip it. */
  unsupported: string | null;
}

/**
 * Turns a rule's or a backendRef's filter list into the table's RouteFilters. Mirror backends are resolved by the
 * caller (`resolveMirror`), which knows Services, endpoints, ReferenceGrants and TLS policies; a mirror that does not
 * resolve is left out (its problem is the route's ResolvedRefs condition) — a mirror never fails the real request.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutefilter (ExtensionRef: "MUST NOT be skipped")
 */
export function compileFilters(views: readonly FilterView[], resolveMirror: (view: Extract<FilterView, { type: 'RequestMirror' }>) => ServiceBackend | null): CompiledFilters {
  if (views.length === 0) return { filters: null, unsupported: null };
  let requestHeaders: RouteFilters['requestHeaders'] = null;
  let responseHeaders: RouteFilters['responseHeaders'] = null;
  let redirect: RouteFilters['redirect'] = null;
  let rewrite: RouteFilters['rewrite'] = null;
  let cors: RouteFilters['cors'] = null;
  const mirrors: MirrorTarget[] = [];
  const unsupported: string[] = [];
  for (const v of views) {
    switch (v.type) {
      case 'RequestHeaderModifier':
        requestHeaders = v.edits;
        break;
      case 'ResponseHeaderModifier':
        responseHeaders = v.edits;
        break;
      case 'RequestRedirect':
        redirect = v.redirect;
        break;
      case 'URLRewrite':
        rewrite = v.rewrite;
        break;
      case 'CORS':
        cors = v.cors;
        break;
      case 'RequestMirror': {
        const backend = resolveMirror(v);
        if (backend !== null && v.numerator > 0) mirrors.push({ backend, numerator: v.numerator, denominator: v.denominator });
        break;
      }
      case 'ExtensionRef':
        unsupported.push(`ExtensionRef filter ${v.ref} is not supported by this worker`);
        break;
      case 'Unknown':
        unsupported.push(`filter type "${v.written}" is not supported by this worker`);
        break;
    }
  }
  return {
    filters: { requestHeaders, responseHeaders, redirect, rewrite, mirrors, cors },
    unsupported: unsupported.length > 0 ? unsupported.join('; ') : null,
  };
}
