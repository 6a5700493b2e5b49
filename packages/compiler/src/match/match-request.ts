import { normalizeRequestHost } from '../hostname/hostname-match';
import type { BackendTarget, FixedResponse, ListenerTable, MatchEntry, ObjectKey, PortTable, RoutingTable, RuleTarget } from '../routing-table/routing-table';
import { describeBackends, describeEntry, describeWin } from './explain-match';

/** A request as the proxy sees it. Header names are lower case (Node's IncomingHttpHeaders). */
export interface MatchRequestInput {
  port: number;
  /** The Host header as received; its port is ignored. */
  host: string | undefined;
  /** The request path; may carry `?query` when `query` is not given. */
  path: string;
  method: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Raw query string (without `?`) or already-parsed parameters. */
  query?: string | Readonly<Record<string, string | readonly string[] | undefined>>;
  /**
   * HTTPS only: the TLS server name the client sent ('' = none). When given, a Host that selects another listener
   * than the server name did is `misdirected` (421). Left out (the simulator), no such check is made.
   */
  sni?: string;
}

export interface MatchOptions {
  /** Fill `explanation` (the request simulator); the proxy's hot path leaves it off. */
  explain?: boolean;
}

/**
 * `route`: forward to one of `backends`. `fixed_response`: answer `fixedResponse` (500: the rule has
 * no valid backends). `not_found`: no listener or no rule matches (404). `misdirected`: on an HTTPS port the
 * Host selects another listener than the TLS server name did (421).
 */
export type MatchOutcome = 'route' | 'fixed_response' | 'not_found' | 'misdirected';

export interface MatchResult {
  outcome: MatchOutcome;
  listener: ListenerTable | null;
  route: ObjectKey | null;
  ruleIndex: number;
  matchIndex: number;
  entry: MatchEntry | null;
  rule: RuleTarget | null;
  /** Candidates with weights; each carries its endpoints and its upstream TLS settings. */
  backends: readonly BackendTarget[];
  fixedResponse: FixedResponse | null;
  /** The precedence steps, one line each; empty (and frozen) unless `explain` was set. */
  explanation: readonly string[];
}

const NO_BACKENDS: readonly BackendTarget[] = Object.freeze([]);
/** Shared by every unexplained result (the hot path): frozen, and only written when explaining. */
const NO_EXPLANATION: string[] = Object.freeze([]) as unknown as string[];
const regexCache = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    // Gateway API regexes match the whole value.
    re = new RegExp(`^(?:${pattern})$`);
    regexCache.set(pattern, re);
  }
  return re;
}

/**
 * The listener a host name selects on one port (exact > longest wildcard > no hostname): for the Host header,
 * and on HTTPS ports for the TLS server name, which picks the certificate.
 */
export function selectListenerForHost(port: PortTable, host: string): ListenerTable | null {
  return selectListener(port, host).listener;
}

/** Listener isolation: only the most specific listener on the port handles the request. */
function selectListener(port: PortTable, host: string): { listener: ListenerTable | null; how: string } {
  const exact = port.exactHosts[host];
  if (exact !== undefined) return { listener: exact, how: `exact listener hostname ${host}` };
  for (const l of port.wildcardHosts) {
    const suffix = l.wildcardSuffix ?? '';
    if (host.length > suffix.length && host.endsWith(suffix)) return { listener: l, how: `wildcard listener hostname ${l.hostname ?? ''}` };
  }
  if (port.anyHost !== null) return { listener: port.anyHost, how: 'listener without hostname' };
  return { listener: null, how: '' };
}

/** The precomputed candidate list for the request host on the chosen listener. */
function selectEntries(l: ListenerTable, host: string): { entries: readonly MatchEntry[]; how: string } {
  const exact = l.exactHosts[host];
  if (exact !== undefined) return { entries: exact, how: `route hostname ${host} (exact)` };
  for (const w of l.wildcardHosts) {
    if (host.length > w.suffix.length && host.endsWith(w.suffix)) return { entries: w.entries, how: `route hostname ${w.hostname} (wildcard)` };
  }
  return { entries: l.anyHost, how: 'routes without hostnames' };
}

function pathMatches(e: MatchEntry, path: string): boolean {
  switch (e.pathType) {
    case 'Exact':
      return path === e.pathValue;
    case 'PathPrefix': {
      // Segment-wise: "/abc" matches "/abc", "/abc/" and "/abc/def", never "/abcd".
      const p = e.pathPrefix;
      return path.startsWith(p) && (path.length === p.length || path.charCodeAt(p.length) === 47 /* / */);
    }
    case 'RegularExpression':
      return regex(e.pathValue).test(path);
  }
}

function headerValue(headers: MatchRequestInput['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : (v as string | undefined);
}

/** Lazily parsed query: most entries have no query matches, so most requests never parse it. */
class QueryReader {
  private parsed: Map<string, string> | null = null;
  constructor(private readonly raw: MatchRequestInput['query'] | undefined) {}
  get(name: string): string | undefined {
    if (this.parsed === null) {
      this.parsed = new Map();
      const raw = this.raw;
      if (typeof raw === 'string') {
        // A repeated parameter is "purposely left undefined" by the spec; the first one wins here.
        for (const [k, v] of new URLSearchParams(raw)) if (!this.parsed.has(k)) this.parsed.set(k, v);
      } else if (raw !== undefined) {
        for (const [k, v] of Object.entries(raw)) {
          const first = typeof v === 'string' ? v : v?.[0];
          if (first !== undefined) this.parsed.set(k, first);
        }
      }
    }
    return this.parsed.get(name);
  }
}

/** Which part of an entry rejects the request ('' = it matches). */
function rejection(e: MatchEntry, path: string, req: MatchRequestInput, query: QueryReader): string {
  if (!pathMatches(e, path)) return 'path';
  if (e.method !== null && e.method !== req.method) return 'method';
  for (const h of e.headers) {
    const v = headerValue(req.headers, h.name);
    if (v === undefined || (h.type === 'Exact' ? v !== h.value : !regex(h.value).test(v))) return `header ${h.name}`;
  }
  for (const q of e.queryParams) {
    const v = query.get(q.name);
    if (v === undefined || (q.type === 'Exact' ? v !== q.value : !regex(q.value).test(v))) return `query ${q.name}`;
  }
  return '';
}

/** `gw-ns/gw/listener`, or `gw-ns/gw/ListenerSet ls-ns/ls/listener` for a listener a ListenerSet contributes. */
function listenerPath(l: ListenerTable): string {
  const set = l.listenerSet === undefined ? '' : `ListenerSet ${l.listenerSet.namespace}/${l.listenerSet.name}/`;
  return `${l.gateway.namespace}/${l.gateway.name}/${set}${l.listener}`;
}

function listenerName(l: ListenerTable | null): string {
  return l === null ? 'no listener' : `listener ${listenerPath(l)}`;
}

function notFound(listener: ListenerTable | null, explanation: readonly string[]): MatchResult {
  return { outcome: 'not_found', listener, route: null, ruleIndex: -1, matchIndex: -1, entry: null, rule: null, backends: NO_BACKENDS, fixedResponse: null, explanation };
}

const MAX_EXPLAINED_REJECTIONS = 40;

/**
 * Finds the rule for a request: port → most specific listener for the Host → first entry, in the
 * precomputed precedence order, whose path, method, headers and query all match. The hot path does
 * property lookups and one linear scan with no per-request allocation beyond the result.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule
 */
export function matchRequest(table: RoutingTable, req: MatchRequestInput, opts: MatchOptions = {}): MatchResult {
  const explain = opts.explain === true;
  const explanation: string[] = explain ? [] : NO_EXPLANATION;
  const port = table.ports[String(req.port)];
  if (port === undefined) {
    if (explain) explanation.push(`no programmed listener on port ${req.port}`);
    return notFound(null, explanation);
  }
  const host = normalizeRequestHost(req.host);
  const { listener, how } = selectListener(port, host);
  if (req.sni !== undefined && port.protocol !== 'HTTP') {
    // GEP-3567 / GatewayHTTPSListenerDetectMisdirectedRequests: a connection is bound to the listener its server
    // name chose (certificate, client validation); HTTP/2 connection reuse must not carry it to another one.
    const sni = normalizeRequestHost(req.sni);
    const bySni = selectListener(port, sni).listener;
    if (bySni !== listener) {
      if (explain) explanation.push(`port ${req.port}: TLS server name "${sni}" selected ${listenerName(bySni)} but host "${host}" selects ${listenerName(listener)} → 421`);
      return { ...notFound(listener, explanation), outcome: 'misdirected' };
    }
  }
  if (listener === null) {
    if (explain) explanation.push(`port ${req.port}: no listener accepts host "${host}"`);
    return notFound(null, explanation);
  }
  if (explain) explanation.push(`port ${req.port}, host "${host}" → listener ${listenerPath(listener)} (${how}; the most specific listener handles the request)`);

  let path = req.path;
  let rawQuery = req.query;
  const q = path.indexOf('?');
  if (q >= 0) {
    if (rawQuery === undefined) rawQuery = path.slice(q + 1);
    path = path.slice(0, q);
  }
  const query = new QueryReader(rawQuery);
  const { entries, how: entriesHow } = selectEntries(listener, host);
  if (explain) {
    explanation.push(
      entries.length === 0
        ? `no attached route serves host "${host}" on this listener`
        : `${entries.length} candidate match(es) via ${entriesHow}, tried in precedence order: route hostname specificity, Exact path, longest path, method, most headers, most query params, oldest route, namespace/name, rule order`,
    );
  }

  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as MatchEntry;
    const why = rejection(e, path, req, query);
    if (why !== '') {
      if (explain && i < MAX_EXPLAINED_REJECTIONS) explanation.push(`✗ ${describeEntry(e)}: ${why} does not match`);
      continue;
    }
    const rule = e.rule;
    if (explain) {
      explanation.push(`✓ ${describeEntry(e)}`);
      for (let j = i + 1; j < entries.length; j++) {
        const other = entries[j] as MatchEntry;
        if (rejection(other, path, req, query) === '') {
          explanation.push(describeWin(e, other));
          break;
        }
      }
      explanation.push(...describeBackends(rule));
    }
    const fixedResponse = rule.fixedResponse;
    return {
      outcome: fixedResponse === null ? 'route' : 'fixed_response',
      listener,
      route: e.route,
      ruleIndex: e.ruleIndex,
      matchIndex: e.matchIndex,
      entry: e,
      rule,
      backends: rule.backends,
      fixedResponse,
      explanation,
    };
  }
  if (explain) explanation.push(`no rule matches ${req.method} ${path} → 404`);
  return notFound(listener, explanation);
}
