import type { HeaderEdits, PathModifier, RedirectAction, RouteFilters } from '@gatehouse/compiler/routing-table/routing-table';
import { CORS_VARIABLE, renderCors } from './cors';
import { headerName, lfText, regexLiteral, sampleArg, word } from './syntax';
import { UnsupportedByHaproxy } from './unsupported';

/**
 * HTTPRoute filters as HAProxy rules, in the order `planFilters` (compiler/filters/plan-filters.ts) applies them to a
 * request: per filter set (the rule's, then the chosen backendRef's) CORS (preflight answer), then redirect, else URL
 * rewrite, then header edits.
 * Each rule line ends with ` if <cond>` when a condition is given.
 */

/** A condition suffix: '' or ` if <terms>`. */
export function when(cond: string): string {
  return cond === '' ? '' : ` if ${cond}`;
}

/** What a path modifier needs from the matched HTTPRouteMatch: the prefix ReplacePrefixMatch replaces, per match. */
export interface MatchedPrefixes {
  /** Distinct matched prefixes of the rule, each with the condition that the request matched through it. */
  readonly groups: ReadonlyArray<{ readonly prefix: string; readonly cond: string }>;
}

const WELL_KNOWN_PORT: Readonly<Record<string, number>> = { http: 80, https: 443 };

/** Conditions joined: the terms of both (HAProxy ANDs the terms of one `if`). */
function both(a: string, b: string): string {
  return [a, b].filter((x) => x !== '').join(' ');
}

/**
 * The path `replacePath` (compiler/filters/replace-path.ts) makes, as a log-format expression over the current path:
 * ReplaceFullPath is the value (`/` when empty); ReplacePrefixMatch removes the matched prefix when the path starts
 * with it (a literal `^prefix` match, like `startsWith`) and puts the replacement, without its trailing slash, in
 * front. With an empty replacement the rest must still start with `/`: `^prefix/?` → `/` does both.
 */
function pathExpression(modifier: PathModifier, prefix: string): string {
  if (modifier.type === 'ReplaceFullPath') return lfText(modifier.value === '' ? '/' : modifier.value);
  const replacement = modifier.value.endsWith('/') ? modifier.value.slice(0, -1) : modifier.value;
  if (replacement === '') return prefix === '' ? '%[path]' : `%[path,regsub(${sampleArg(`^${regexLiteral(prefix)}/?`)},/)]`;
  return prefix === '' ? `${lfText(replacement)}%[path]` : `${lfText(replacement)}%[path,regsub(${sampleArg(`^${regexLiteral(prefix)}`)},)]`;
}

/** The matched-prefix groups a modifier needs: all of them for ReplacePrefixMatch, one unconditional otherwise. */
function groupsFor(modifier: PathModifier | null, prefixes: MatchedPrefixes): MatchedPrefixes['groups'] {
  return modifier?.type === 'ReplacePrefixMatch' ? prefixes.groups : [{ prefix: '', cond: '' }];
}

/** `http-request set-path` lines (the query is left alone, as replacePath keeps it). */
function setPathLines(modifier: PathModifier, prefixes: MatchedPrefixes, cond: string): string[] {
  return groupsFor(modifier, prefixes)
    .filter((g) => !(modifier.type === 'ReplacePrefixMatch' && g.prefix === '' && pathExpression(modifier, '') === '%[path]'))
    .map((g) => `http-request set-path ${word(pathExpression(modifier, g.prefix))}${when(both(cond, g.cond))}`);
}

/**
 * `http-request redirect location …` lines for a RequestRedirect (redirectLocation in compiler/filters): scheme and
 * port rules are static here (the listener's scheme and port are the frontend's), the host is the request's
 * normalised host (`txn.host`) unless the redirect or an earlier URLRewrite names one, the query is kept.
 */
function redirectLines(action: RedirectAction, ctx: FilterContext, authority: string | null, prefixes: MatchedPrefixes, cond: string): string[] {
  if (![301, 302, 303, 307, 308].includes(action.statusCode)) throw new UnsupportedByHaproxy(`redirect status ${action.statusCode}`, ctx.where, 'HAProxy redirects with 301, 302, 303, 307 or 308 only');
  const scheme = action.scheme ?? ctx.scheme;
  const port = action.port ?? (action.scheme !== null ? WELL_KNOWN_PORT[scheme] : ctx.listenerPort);
  const host = action.hostname ?? authority;
  const hostExpr = host === null ? '%[var(txn.host)]' : lfText(host);
  const authorityExpr = port === undefined || port === WELL_KNOWN_PORT[scheme] ? hostExpr : `${hostExpr}:${port}`;
  const out: string[] = [];
  for (const g of groupsFor(action.path, prefixes)) {
    const c = both(cond, g.cond);
    const base = `${scheme}://${authorityExpr}${action.path === null ? '%[path]' : pathExpression(action.path, g.prefix)}`;
    out.push(`http-request redirect location ${word(`${base}?%[query]`)} code ${action.statusCode} if ${both(c, '{ query -m found }')}`);
    out.push(`http-request redirect location ${word(base)} code ${action.statusCode}${when(c)}`);
  }
  return out;
}

/**
 * HTTPHeaderFilter as HAProxy rules, the semantics of applyHeaderEdits (compiler/filters/header-edits.ts): remove and
 * set drop every value of their names, set writes its value, add appends `,value` to the first value present or adds
 * the header. Known difference: appending rewrites a repeated header as one line (the first value + the addition).
 */
export function headerEditLines(direction: 'request' | 'response', edits: HeaderEdits, cond: string): string[] {
  const kw = direction === 'request' ? 'http-request' : 'http-response';
  const fetch = direction === 'request' ? 'req' : 'res';
  const out: string[] = [];
  for (const name of edits.remove) out.push(`${kw} del-header ${word(headerName(name))}${when(cond)}`);
  for (const s of edits.set) out.push(`${kw} set-header ${word(headerName(s.name))} ${word(lfText(s.value))}${when(cond)}`);
  for (const a of edits.add) {
    const n = headerName(a.name);
    const count = word(`${fetch}.hdr_cnt(${sampleArg(n)})`);
    out.push(`${kw} set-header ${word(n)} ${word(`%[${fetch}.fhdr(${sampleArg(n)},1)],${lfText(a.value)}`)} if ${both(cond, `{ ${count} gt 0 }`)}`);
    out.push(`${kw} add-header ${word(n)} ${word(lfText(a.value))} if ${both(cond, `{ ${count} eq 0 }`)}`);
  }
  return out;
}

export interface FilterContext {
  /** For error messages: which route rule / backendRef. */
  where: string;
  scheme: 'http' | 'https';
  listenerPort: number;
  /** The filter set is a backendRef's (rendered after the rule's); default: the rule's own. */
  backendRef?: boolean;
}

export interface FilterRender {
  /** http-request lines, in order. */
  request: string[];
  /** http-response lines (ResponseHeaderModifier), in order. */
  response: string[];
  /**
   * http-response lines of the set's CORS filter (null: it has none). They go after every set's `response` lines, and
   * only the last set's: the Node engine sets the CORS headers last, from the last CORS filter (plan-filters.ts).
   */
  corsResponse: string[] | null;
  /** A redirect ends the exchange: nothing after it in this filter chain runs. */
  redirects: boolean;
  /** The Host a URLRewrite set (for a later redirect of the backendRef's filters). */
  authority: string | null;
}

/**
 * One filter set (a rule's or a backendRef's) under `cond`. `authority` is a Host set by an earlier set's URLRewrite.
 * RequestMirror is not a line here: the backend gets the mirror filter (mirror.ts), after every filter's lines.
 */
export function renderFilters(f: RouteFilters, ctx: FilterContext, prefixes: MatchedPrefixes, cond: string, authority: string | null): FilterRender {
  const cors = f.cors === null ? null : renderCors(f.cors, cond, ctx.backendRef === true ? CORS_VARIABLE.backendRef : CORS_VARIABLE.rule);
  const request: string[] = cors === null ? [] : [...cors.request];
  const corsResponse = cors === null ? null : cors.response;
  if (f.redirect !== null) return { request: [...request, ...redirectLines(f.redirect, ctx, authority, prefixes, cond)], response: [], corsResponse, redirects: true, authority };
  let host = authority;
  if (f.rewrite !== null) {
    if (f.rewrite.hostname !== null) {
      host = f.rewrite.hostname;
      request.push(`http-request set-header host ${word(lfText(f.rewrite.hostname))}${when(cond)}`);
    }
    if (f.rewrite.path !== null) request.push(...setPathLines(f.rewrite.path, prefixes, cond));
  }
  if (f.requestHeaders !== null) request.push(...headerEditLines('request', f.requestHeaders, cond));
  const response = f.responseHeaders === null ? [] : headerEditLines('response', f.responseHeaders, cond);
  return { request, response, corsResponse, redirects: false, authority: host };
}
