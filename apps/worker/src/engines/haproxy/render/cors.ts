import { DEFAULT_PORT, parseOrigin } from '@gatehouse/compiler/filters/cors';
import type { CorsPolicy } from '@gatehouse/compiler/routing-table/routing-table';
import { headerName, lfText, patterns, regexLiteral, word } from './syntax';

/**
 * The CORS filter (HTTPCORSFilter, gateway-api v1.6.1) as HAProxy rules, answering as the Node engine does
 * (compiler/filters/cors.ts through planFilters; proxy/request-handler.ts answers the preflight, proxy-exchange.ts
 * sets the headers of the actual response):
 * - the request's Origin, when an allowOrigins entry matches it, is kept in a txn variable (`http-request set-var`):
 *   the response side cannot read request headers any more, and the variable is also the "origin is allowed" test;
 * - a preflight (OPTIONS with Origin and Access-Control-Request-Method, Fetch standard "CORS-preflight request") is
 *   answered 204 by `http-request return` — with the policy's headers when the origin is allowed, with none otherwise
 *   (the browser then refuses the actual request);
 * - an actual response from the upstream to an allowed origin gets Access-Control-Allow-Origin (the origin echoed),
 *   -Allow-Credentials, -Expose-Headers and `Vary: Origin` by `http-response set-header` (set: they replace what the
 *   upstream sent, as applyHeaderEdits' `set` does). Answers the gateway makes itself (redirects, 5xx) get none,
 *   as on the Node engine: `http-response` runs on server responses only.
 * The lines live in the rule's HAProxy backends (or under the rule's condition in the frontend when the rule answers
 * there), so only requests of rules with a CORS filter pay for them.
 * Known difference: a preflight repeating Access-Control-Request-Method/-Headers on several lines gets the last line
 * echoed for a `*` (Node joins them with ", "); browsers send each once.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpcorsfilter
 */

export interface CorsRender {
  /** http-request lines, in order: capture of an allowed Origin, then the preflight answers. */
  request: string[];
  /** http-response lines: the headers of an actual response to an allowed origin. */
  response: string[];
}

/** The txn variable holding an allowed Origin: one per filter set, so a backendRef's CORS filter replaces the rule's. */
export const CORS_VARIABLE = { rule: 'txn.cors', backendRef: 'txn.corsb' } as const;

const ORIGIN = 'origin';
const REQUEST_METHOD = 'access-control-request-method';
const REQUEST_HEADERS = 'access-control-request-headers';

/** Whether `raw` holds a character no header value does (control characters but HTAB): it can never match, nor be written. */
function notInAHeader(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

/**
 * One allowOrigins entry as a PCRE2 pattern over the whole Origin value, matched case-insensitively, with exactly
 * the semantics of `originAllowed`: `*` is any `http(s)://host[:port]`; otherwise the scheme must be the entry's, the
 * port the entry's (an absent port is the scheme's default, on either side), and the host the entry's — a host
 * `*.suffix` is one or more characters then `.suffix`, a host `*` is any host. Entries that parse as no origin match
 * nothing (null).
 */
export function originPattern(entry: string): string | null {
  if (notInAHeader(entry)) return null;
  if (entry === '*') return '^https?://[^/:]+(?::[0-9]{1,5})?$';
  const p = parseOrigin(entry);
  if (p === null) return null;
  let host: string;
  if (p.host === '*') host = '[^/:]+';
  else if (p.host.startsWith('*.')) host = `[^/:]+${regexLiteral(p.host.slice(1))}`;
  else host = regexLiteral(p.host);
  const port = p.port === DEFAULT_PORT[p.scheme] ? `(?::${p.port})?` : `:${p.port}`;
  return `^${p.scheme}://${host}${port}$`;
}

/** Conditions joined (HAProxy ANDs the terms of one `if`). */
function all(...terms: string[]): string {
  return terms.filter((t) => t !== '').join(' ');
}

/** `hdr <name> <value>` of `http-request return`, the value a log-format string. */
function hdr(name: string, format: string): string {
  return `hdr ${headerName(name)} ${word(format)}`;
}

/**
 * The CORS filter of one filter set under `cond` ('' inside the rule's own HAProxy backend). `variable` is the set's
 * CORS_VARIABLE.
 */
export function renderCors(policy: CorsPolicy, cond: string, variable: string): CorsRender {
  const origins = [...new Set(policy.allowOrigins.map(originPattern).filter((p): p is string => p !== null))];
  const isPreflight = ['METH_OPTIONS', `{ req.fhdr_cnt(${ORIGIN}) gt 0 }`, `{ req.fhdr_cnt(${REQUEST_METHOD}) gt 0 }`];
  // Nothing can be allowed: every preflight gets the bare answer, actual responses nothing.
  if (origins.length === 0) return { request: [`http-request return status 204 if ${all(cond, ...isPreflight)}`], response: [] };

  const allowed = `{ var(${variable}) -m found }`;
  const request: string[] = [];
  // One Origin line only: Node joins repeated lines with ", ", which no entry matches.
  request.push(`http-request set-var(${variable}) req.fhdr(${ORIGIN}) if ${all(cond, `{ req.fhdr_cnt(${ORIGIN}) eq 1 }`, `{ req.fhdr(${ORIGIN}) -i -m reg ${patterns(origins)} }`)}`);

  // preflightHeaders' order: origin, credentials, methods, headers, expose, max-age, vary.
  const head = [hdr('access-control-allow-origin', `%[var(${variable})]`)];
  if (policy.allowCredentials) head.push(hdr('access-control-allow-credentials', 'true'));
  if (policy.allowMethods.length > 0) {
    // `*` echoes the method asked for: a literal `*` is not honoured for requests with credentials (Fetch standard).
    head.push(hdr('access-control-allow-methods', policy.allowMethods.includes('*') ? `%[req.fhdr(${REQUEST_METHOD})]` : lfText(policy.allowMethods.join(', '))));
  }
  const tail: string[] = [];
  if (policy.exposeHeaders.length > 0) tail.push(hdr('access-control-expose-headers', lfText(policy.exposeHeaders.join(', '))));
  tail.push(hdr('access-control-max-age', String(policy.maxAgeSeconds)), hdr('vary', 'Origin'));
  const preflight = all(cond, 'METH_OPTIONS', allowed, `{ req.fhdr_cnt(${REQUEST_METHOD}) gt 0 }`);
  const answer = (headers: string[], terms: string): string => `http-request return status 204 ${headers.join(' ')} if ${terms}`;
  if (policy.allowHeaders.includes('*')) {
    // `*` echoes the headers asked for, when some were.
    request.push(answer([...head, hdr('access-control-allow-headers', `%[req.fhdr(${REQUEST_HEADERS})]`), ...tail], all(preflight, `{ req.fhdr(${REQUEST_HEADERS}) -m reg . }`)));
    request.push(answer([...head, ...tail], preflight));
  } else {
    const listed = policy.allowHeaders.length > 0 ? [hdr('access-control-allow-headers', lfText(policy.allowHeaders.join(', ')))] : [];
    request.push(answer([...head, ...listed, ...tail], preflight));
  }
  // A preflight from an origin not allowed.
  request.push(`http-request return status 204 if ${all(cond, ...isPreflight)}`);

  // actualResponseHeaders' order: origin, credentials, expose, vary.
  const response = [`http-response set-header access-control-allow-origin ${word(`%[var(${variable})]`)} if ${allowed}`];
  if (policy.allowCredentials) response.push(`http-response set-header access-control-allow-credentials true if ${allowed}`);
  if (policy.exposeHeaders.length > 0) response.push(`http-response set-header access-control-expose-headers ${word(lfText(policy.exposeHeaders.join(', ')))} if ${allowed}`);
  response.push(`http-response set-header vary Origin if ${allowed}`);
  return { request, response };
}
