import type {
  BackendClientCertificate,
  ListenerTable,
  MatchEntry,
  PortProtocol,
  PortTable,
  RoutingTable,
  RuleTarget,
  ServiceBackend,
} from '@gatehouse/compiler/routing-table/routing-table';
import { expectedIdentity } from '../../../proxy/certificate-identity';
import { withGatewayClientCertificate } from '../../../proxy/gateway-client-certificate';
import { FRONTEND_TLS_DEFAULTS, listenersOf } from '../../../proxy/server-certificates';
import type { ServerLimits } from '../../../proxy/server-limits';
import { NODE_PEM_CHECKS, type PemChecks, renderCrtList, renderServerTls } from './certificates';
import { CORS_VARIABLE, renderCors } from './cors';
import { type BackendFacts, renderErrorLua } from './error-answers';
import { type FilterContext, type MatchedPrefixes, renderFilters, when } from './filters';
import { MirrorBackends, renderMirrorLua } from './mirror';
import { type ClassChain, renderEntryChain } from './path-maps';
import { type RenderedFile, RuntimeFiles } from './runtime-files';
import { type Placement, placeEndpoints, renderServerSlots, type ServerPool } from './server-slots';
import { address, comment, lfText, listenerName, objectName, sampleArg, word } from './syntax';
import { renderTlsPort, TCP_DEFAULTS } from './tls-listeners';
import { UnsupportedByHaproxy } from './unsupported';

export interface RenderOptions {
  /** Absolute path of the runtime directory the configuration's files live in (no spaces). */
  dir: string;
  /** Where the listeners bind (GATEHOUSE_WORKER_BIND_ADDRESS). */
  bindAddress: string;
  /** The snapshot revision: names the probe socket that tells which configuration a process serves. */
  revision: number;
  /** `nbthread`. */
  threads: number;
  limits: ServerLimits;
  /** Peers whose X-Forwarded-* headers are believed (GATEHOUSE_WORKER_TRUSTED_PROXIES). */
  trustedProxies: readonly string[];
  /** Ports left out (another process holds them): reported as errors, the others serve. */
  skipPorts?: ReadonlySet<number>;
  /** JSON access log lines on stdout (the supervisor ships them as the worker's access log). */
  accessLog?: boolean;
  /** Whether PEM material loads (default: node:tls, the same checks the Node engine's loading makes). */
  pemChecks?: PemChecks;
  /**
   * The server slots of the configuration in force (its `pools`): endpoints keep their slots and the slot counts stay
   * while the endpoints fit, so that an endpoint-only change renders to the same configuration but for slot
   * addresses, and can be applied through the runtime API (server-slots.ts, endpoint-change.ts).
   */
  placement?: Placement;
}

export interface RenderedConfig {
  /** haproxy.cfg. */
  config: string;
  /** Files it refers to (PEM bundles, crt-lists, the Lua error answers), relative to `dir`. */
  files: RenderedFile[];
  /** The ports it listens on. */
  ports: Array<{ port: number; protocol: PortProtocol }>;
  /** The unix socket answering `<revision> <pid>`: which configuration a process serves. */
  probeSocket: string;
  /** Things left out, for the logs (certificates that do not load). */
  notes: string[];
  /** What each HAProxy backend stands for, for metrics and access logs (the Node engine's series labels). */
  backends: BackendLabels[];
  /** The server slots of each backend with endpoints (server-slots.ts). */
  pools: ServerPool[];
  /** The table's revision, as the probe answers it (probeAnswer). */
  revision: number;
}

/** The request-series labels of one HAProxy backend (metrics/request-metrics.ts SeriesLabels). */
export interface BackendLabels {
  name: string;
  gateway: string;
  route: string;
  rule: string;
  /** `ns/name:port` of the Service. */
  backend: string;
  tls: boolean;
}

/** Client-side header timeouts and the like come from ServerLimits; these are the Node engine's upstream ones. */
const CONNECT_TIMEOUT_MS = 5_000;
const HEADERS_TIMEOUT_MS = 60_000;
/** Ids of the entries of one rule instance: `rule * ENTRY_STRIDE + matchIndex` (HTTPRoute allows 64 matches per rule). */
const ENTRY_STRIDE = 100;
/** Weighted picks up to this total weight follow the Node engine's smooth round robin order exactly; above, ranges. */
const MAX_SEQUENCE_WEIGHT = 256;
const TEXT_PLAIN = word('text/plain; charset=utf-8');
/** Hosts written as keys of a map file as they are (no white space, `#` or escapes in them). */
const MAP_KEY = /^[a-z0-9][a-z0-9.-]*$/;
const HOP_BY_HOP = '^(keep-alive|proxy-connection|te|trailer|proxy-authenticate|proxy-authorization|http2-settings)$';

/** The unix socket through which older processes hand requests of their open connections to the newest one. */
function handoffSocket(dir: string, port: number, protocol: PortProtocol): string {
  // The protocol is in the name: a connection accepted as HTTP is never handed to a port that turned HTTPS.
  return `${dir}/handoff-${port}-${protocol.toLowerCase()}.sock`;
}

/** `http-request return` with the Node engine's error shape: plain-text reason + newline, code in x-gatehouse-error. */
function answer(status: number, code: string, reason: string, cond: string): string {
  return `http-request return status ${status} content-type ${TEXT_PLAIN} lf-string ${word(`${lfText(reason)}\n`)} hdr x-gatehouse-error ${word(code)}${when(cond)}`;
}

/**
 * `target.push(...items)` without the spread: spread arguments go on the stack, and the lines of a 10 000-route
 * table (a backend each) are more than it holds (RangeError: Maximum call stack size exceeded).
 */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

function both(...terms: string[]): string {
  return terms.filter((t) => t !== '').join(' ');
}


/** The terms of one HTTPRouteMatch (path, method, headers, query parameters), as anonymous ACLs. */
function matchTerms(e: MatchEntry): string[] {
  const terms: string[] = [];
  switch (e.pathType) {
    case 'Exact':
      terms.push(`{ path -m str ${word(e.pathValue)} }`);
      break;
    case 'PathPrefix':
      // Segment-wise: `<path>/` begins with `<prefix>/` ⇔ the path is the prefix or continues it with `/`.
      if (e.pathPrefix !== '') terms.push(`{ var(txn.ps) -m beg ${word(`${e.pathPrefix}/`)} }`);
      break;
    case 'RegularExpression':
      terms.push(`{ path -m reg ${word(`^(?:${e.pathValue})$`)} }`);
      break;
  }
  if (e.method !== null) terms.push(`{ method -m str ${word(e.method)} }`);
  for (const h of e.headers) {
    const fetch = word(`req.fhdr(${sampleArg(h.name)})`);
    terms.push(h.type === 'Exact' ? `{ ${fetch} -m str ${word(h.value)} }` : `{ ${fetch} -m reg ${word(`^(?:${h.value})$`)} }`);
  }
  for (const q of e.queryParams) {
    // url_dec(1): `+` is a space, as URLSearchParams reads it.
    const fetch = word(`urlp(${sampleArg(q.name)}),url_dec(1)`);
    terms.push(q.type === 'Exact' ? `{ ${fetch} -m str ${word(q.value)} }` : `{ ${fetch} -m reg ${word(`^(?:${q.value})$`)} }`);
  }
  return terms;
}

/** The prefix a ReplacePrefixMatch replaces for an entry (resolve-request.ts matchedPrefix). */
function matchedPrefix(e: MatchEntry): string {
  return e.pathType === 'PathPrefix' ? e.pathPrefix : e.pathValue;
}

/**
 * The smooth weighted round robin order of BackendPicker.pickBackend (nginx's): position → backend index, for one
 * cycle of `totalWeight` picks. A per-rule counter modulo the total then picks exactly as the Node engine does.
 */
export function smoothWeightedOrder(weights: readonly number[]): number[] {
  const total = weights.reduce((a, w) => a + Math.max(0, w), 0);
  const current = weights.map(() => 0);
  const order: number[] = [];
  for (let n = 0; n < total; n++) {
    let best = -1;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number;
      if (w <= 0) continue;
      current[i] = (current[i] as number) + w;
      if (best < 0 || (current[i] as number) > (current[best] as number)) best = i;
    }
    current[best] = (current[best] as number) - total;
    order.push(best);
  }
  return order;
}

/** One rule as enforced through listeners with the same Gateway client certificate (GEP-3155). */
interface RuleInstance {
  id: number;
  rule: RuleTarget;
  clientCertificate: BackendClientCertificate | null;
  /** `ns/name` of the Gateway of the first listener it was reached through (metrics). */
  gateway: string;
  where: string;
  /** matchIndex → the prefix a ReplacePrefixMatch replaces. */
  prefixes: Map<number, string>;
}

interface PortRender {
  lines: string[];
  backends: string[];
  facts: BackendFacts[];
  labels: BackendLabels[];
  pools: ServerPool[];
  notes: string[];
}

/** `inner`: the HTTPS part of a TLS port (tls-listeners.ts), bound on a unix socket; hand-offs named for the TLS port. */
function renderPort(pt: PortTable, opts: RenderOptions, files: RuntimeFiles, checks: PemChecks, mirrors: MirrorBackends, inner?: { bind: string }): PortRender {
  const port = pt.port;
  if (pt.protocol === 'TLS') {
    const https: PortRender[] = [];
    const renderHttps = (p: PortTable, bind: string): PortRender => {
      const r = renderPort(p, opts, files, checks, mirrors, { bind });
      https.push(r);
      return r;
    };
    const tls = renderTlsPort(pt, { dir: opts.dir, bindAddress: opts.bindAddress, files, checks, weightedOrder: smoothWeightedOrder, renderHttps, ...(opts.placement === undefined ? {} : { placement: opts.placement }) });
    return { ...tls, facts: https.flatMap((r) => r.facts), labels: https.flatMap((r) => r.labels), pools: [...tls.pools, ...https.flatMap((r) => r.pools)] };
  }
  const handoff = handoffSocket(opts.dir, port, inner === undefined ? pt.protocol : 'TLS');
  const https = pt.protocol === 'HTTPS';
  const scheme = https ? 'https' : 'http';
  const notes: string[] = [];
  const L: string[] = [];
  const listeners = listenersOf(pt);
  L.push(`frontend p${port}`);
  let bind = `  bind ${inner?.bind ?? address(opts.bindAddress, port)}`;
  if (https) {
    const crt = renderCrtList(pt, files, checks);
    notes.push(...crt.notes);
    bind += ` ssl crt-list ${crt.path} alpn h2,http/1.1${crt.strictSni ? ' strict-sni' : ''}${crt.insecureFallback ? ' ca-ignore-err all crt-ignore-err all' : ''}`;
  }
  L.push(bind);
  // The hand-off socket (see renderHaproxyConfig): the same path in every generation, so a reload passes it on.
  L.push(`  bind unix@${handoff} mode 600 accept-proxy`);
  if (opts.accessLog === true) L.push('  http-request capture req.fhdr(host) len 256');
  for (const l of listeners) L.push(`  ${comment(`listener ${listenerName(l)} hostname ${l.hostname ?? '(none)'}`)}`);
  const R = (line: string): void => {
    L.push(`  ${line}`);
  };
  /** Answers of the frontend are given by the newest generation only: a stopping process hands the request off. */
  const A = (line: string): void => R(line.includes(' if ') ? line.replace(' if ', ' if !{ stopping } ') : `${line} if !{ stopping }`);

  // Hop-by-hop headers (forward-headers.ts): HAProxy forwards those a Connection header names, and these.
  R(`http-request lua.gh_hop_by_hop if { req.hdr(connection) -m reg -i ${word('^(?!(keep-alive|close|upgrade)$)')} }`);
  R(`http-request del-header ${word(HOP_BY_HOP)} -m reg`);
  R('http-request set-var(txn.upgrade) bool(1) if { req.hdr_cnt(upgrade) gt 0 }');
  // X-Forwarded-*: replaced for any peer, kept and extended for trusted proxies (buildUpstreamRequestHeaders).
  if (opts.trustedProxies.length > 0) {
    R(`acl gh_trusted src ${opts.trustedProxies.map(word).join(' ')}`);
    R(`http-request set-header x-forwarded-for ${word('%[req.fhdr(x-forwarded-for)], %[src]')} if gh_trusted { req.hdr(x-forwarded-for) -m found } !{ stopping }`);
    R('http-request set-header x-forwarded-for %[src] if !gh_trusted || !{ req.hdr(x-forwarded-for) -m found }');
    R(`http-request set-header x-forwarded-proto ${scheme} if !gh_trusted || !{ req.hdr(x-forwarded-proto) -m found }`);
    R('http-request set-header x-forwarded-host %[req.fhdr(host)] if !gh_trusted { req.hdr(host) -m found } || !{ req.hdr(x-forwarded-host) -m found } { req.hdr(host) -m found }');
    R('http-request del-header x-forwarded-host if !gh_trusted !{ req.hdr(host) -m found }');
  } else {
    R('http-request set-header x-forwarded-for %[src]');
    R(`http-request set-header x-forwarded-proto ${scheme}`);
    R('http-request set-header x-forwarded-host %[req.fhdr(host)] if { req.hdr(host) -m found }');
    R('http-request del-header x-forwarded-host if !{ req.hdr(host) -m found }');
  }

  // The request host as normalizeRequestHost reads it: lower case, no port, no trailing dot. The regular expressions
  // run only for a host that has a port or a trailing dot (a `-m sub`/`-m end` test costs far less than three regsub).
  const normalizeInto = (variable: string, fetch: string, cond: string): void => {
    R(`http-request set-var(${variable}) ${fetch},lower${when(cond)}`);
    const strip = `var(${variable}),regsub(${sampleArg('^([^\\[][^:]*):.*$')},${sampleArg('\\1')}),regsub(${sampleArg('^(\\[[^]]*\\]):.*$')},${sampleArg('\\1')}),regsub(${sampleArg('\\.$')},)`;
    R(`http-request set-var(${variable}) ${word(strip)} if ${both(cond, `{ var(${variable}) -m sub : } || ${cond === '' ? '' : `${cond} `}{ var(${variable}) -m end . }`)}`);
  };
  normalizeInto('txn.host', 'req.fhdr(host)', '');

  // Listener by host (and on HTTPS by server name): exact > longest wildcard > none (listener isolation). A port with
  // one listener and no hostname has nothing to select: every request is that listener's, and no 421 can arise.
  const listenerId = new Map<ListenerTable, number>(listeners.map((l, i) => [l, i + 1]));
  const oneListener = listeners.length === 1 && pt.anyHost === listeners[0] && Object.keys(pt.exactHosts).length === 0 && pt.wildcardHosts.length === 0;
  const selectLines = (variable: string, hostVar: string): void => {
    R(`http-request set-var(${variable}) int(0)`);
    for (const [host, l] of Object.entries(pt.exactHosts)) R(`http-request set-var(${variable}) int(${listenerId.get(l)}) if { var(${hostVar}) -m str ${word(host)} }`);
    for (const l of pt.wildcardHosts) {
      const suffix = l.wildcardSuffix ?? '';
      R(`http-request set-var(${variable}) int(${listenerId.get(l)}) if { var(${variable}) -m int 0 } { var(${hostVar}) -m end ${word(suffix)} } !{ var(${hostVar}) -m str ${word(suffix)} }`);
    }
    if (pt.anyHost !== null) R(`http-request set-var(${variable}) int(${listenerId.get(pt.anyHost)}) if { var(${variable}) -m int 0 }`);
  };
  if (!oneListener) selectLines('txn.l', 'txn.host');
  if (https && !oneListener) {
    // GEP-3567: the Host must select the listener the TLS server name did (HTTP/2 connection reuse), else 421.
    normalizeInto('txn.sni', 'ssl_fc_sni', '');
    // A request handed off by a previous generation's process: its server name came in the PROXY header.
    normalizeInto('txn.sni', 'fc_pp_authority', '{ fc_pp_authority -m found }');
    selectLines('txn.sl', 'txn.sni');
    L.push(
      `  http-request return status 421 content-type ${TEXT_PLAIN} lf-string ${word('host %[req.fhdr(host)] is served by another listener than the TLS server name "%[ssl_fc_sni]" selected; open a new connection for it\n')} hdr x-gatehouse-error misdirected_request if !{ var(txn.l),sub(txn.sl) -m int 0 } !{ stopping }`,
    );
  }

  // Rule instances: a rule reached through listeners with different Gateway client certificates is two instances.
  const instances: RuleInstance[] = [];
  const byRule = new Map<RuleTarget, Map<BackendClientCertificate | null, RuleInstance>>();
  const instanceOf = (e: MatchEntry, l: ListenerTable): RuleInstance => {
    let m = byRule.get(e.rule);
    if (m === undefined) byRule.set(e.rule, (m = new Map()));
    const cert = l.backendClientCertificate;
    let inst = m.get(cert);
    if (inst === undefined) {
      inst = { id: instances.length + 1, rule: e.rule, clientCertificate: cert, gateway: objectName(l.gateway), where: `HTTPRoute ${objectName(e.rule.route)} rule ${e.rule.ruleIndex}`, prefixes: new Map() };
      m.set(cert, inst);
      instances.push(inst);
    }
    if (e.matchIndex >= ENTRY_STRIDE) throw new UnsupportedByHaproxy(`more than ${ENTRY_STRIDE} matches in a rule`, inst.where, 'the renderer numbers matches below that');
    inst.prefixes.set(e.matchIndex, matchedPrefix(e));
    return inst;
  };

  // Host classes (which precomputed entry list serves the request host on its listener), then the entries in
  // precedence order: the first whose terms all hold names the rule (`txn.e` = rule * 100 + match). Exact hosts are
  // looked up in a map file per listener (one tree lookup instead of one rule per host, configuration.txt 7.3.1
  // "map_str"); a class whose first entry has no terms (it takes every request) names its entry through a second map.
  // Every request runs each rule line of its frontend, so lines are what a request costs.
  const classes: Array<{ id: number; listener: ListenerTable; entries: readonly MatchEntry[] }> = [];
  const hostLines: string[] = [];
  let hcSet = false;
  for (const l of listeners) {
    const lc = oneListener ? '' : `{ var(txn.l) -m int ${listenerId.get(l)} }`;
    const mapRows: Array<{ row: string; line: string }> = [];
    const unmapped: string[] = [];
    for (const [host, entries] of Object.entries(l.exactHosts)) {
      const id = classes.push({ id: classes.length + 1, listener: l, entries });
      const line = `http-request set-var(txn.hc) int(${id}) if ${both(lc, `{ var(txn.host) -m str ${word(host)} }`)}`;
      if (MAP_KEY.test(host)) mapRows.push({ row: `${host} ${id}`, line });
      else unmapped.push(line);
    }
    // One host is one line either way: the map is for two and more.
    if (mapRows.length === 1) unmapped.unshift(mapRows[0]!.line);
    if (mapRows.length > 1) {
      const map = files.add('hosts', 'map', `${mapRows.map((r) => r.row).join('\n')}\n`);
      // A host the map lacks leaves txn.hc as it was (the converter fails: set-var does nothing), unless it is the
      // first line and unconditional: then its default 0 is txn.hc's first value.
      const first = hostLines.length === 0 && lc === '';
      if (first) hcSet = true;
      hostLines.push(`http-request set-var(txn.hc) var(txn.host),map_str_int(${map}${first ? ',0' : ''})${when(lc)}`);
    }
    append(hostLines, unmapped);
    for (const w of l.wildcardHosts) {
      const id = classes.push({ id: classes.length + 1, listener: l, entries: w.entries });
      hostLines.push(`http-request set-var(txn.hc) int(${id}) if ${both('{ var(txn.hc) -m int 0 }', lc, `{ var(txn.host) -m end ${word(w.suffix)} } !{ var(txn.host) -m str ${word(w.suffix)} }`)}`);
    }
    if (l.anyHost.length > 0) {
      const id = classes.push({ id: classes.length + 1, listener: l, entries: l.anyHost });
      hostLines.push(`http-request set-var(txn.hc) int(${id}) if ${both('{ var(txn.hc) -m int 0 }', lc)}`);
    }
  }
  if (!hcSet) R('http-request set-var(txn.hc) int(0)');
  for (const line of hostLines) R(line);
  const direct: string[] = [];
  const chains: ClassChain[] = [];
  for (const c of classes) {
    const first = c.entries[0];
    const takesAll = first !== undefined && matchTerms(first).length === 0;
    const chain: ClassChain = { id: c.id, title: `host class ${c.id}: listener ${listenerName(c.listener)}${takesAll ? ' (its first entry takes every request: classes map)' : ''}`, entries: [] };
    chains.push(chain);
    // Instances are numbered in this order whether or not a line is written for an entry (rule ids stay the same).
    for (const e of c.entries) {
      const inst = instanceOf(e, c.listener);
      const id = inst.id * ENTRY_STRIDE + e.matchIndex;
      if (takesAll) {
        if (e === first) direct.push(`${c.id} ${id}`);
        continue;
      }
      chain.entries.push({ entry: e, id, line: `http-request set-var(txn.e) int(${id}) if ${both('{ var(txn.e) -m int 0 }', `{ var(txn.hc) -m int ${c.id} }`, ...matchTerms(e))}` });
    }
  }
  // Runs of plain path entries become map lookups keyed by `<class>|<path>/` (path-maps.ts).
  const chain = renderEntryChain(chains, files);
  if (direct.length > 0) R(`http-request set-var(txn.e) var(txn.hc),map_int_int(${files.add('classes', 'map', `${direct.join('\n')}\n`)},0)`);
  else R('http-request set-var(txn.e) int(0)');
  // `<path>/` for the PathPrefix terms of the entry lines and `<class>|<path>/` for the path maps, built only when
  // the classes map has not named the entry.
  const unnamed = direct.length > 0 ? ' if { var(txn.e) -m int 0 }' : '';
  if (chain.lines.some((line) => line.includes('var(txn.ps)'))) R(`http-request set-var-fmt(txn.ps) ${word('%[path]/')}${unnamed}`);
  if (chain.usesKey) R(`http-request set-var-fmt(txn.pk) ${word('%[var(txn.hc)]|%[path]/')}${unnamed}`);
  for (const line of chain.lines) R(line);
  L.push(
    `  http-request return status 404 content-type ${TEXT_PLAIN} lf-string ${word(`no route matches %[method] %[req.fhdr(host)]%[path] on port ${port}\n`)} hdr x-gatehouse-error no_route if { var(txn.e) -m int 0 } !{ stopping }`,
  );
  R(`http-request set-var(txn.r) var(txn.e),div(${ENTRY_STRIDE})`);
  // Which backendRef of the rule (weighted rules set it below); left out when no rule of the port has two.
  const kAt = L.length;
  R('http-request set-var(txn.k) int(0)');

  const backends: string[] = [];
  const facts: BackendFacts[] = [];
  const labels: BackendLabels[] = [];
  const pools: ServerPool[] = [];
  let counters = false;
  for (const inst of instances) {
    const rule = inst.rule;
    const rc = `{ var(txn.r) -m int ${inst.id} }`;
    L.push(`  ${comment(`rule ${inst.id}: ${inst.where}${rule.ruleName === null ? '' : ` (${rule.ruleName})`}`)}`);
    if (rule.fixedResponse !== null) {
      A(answer(rule.fixedResponse.status, rule.fixedResponse.code, rule.fixedResponse.reason, rc));
      continue;
    }
    if (rule.timeouts.requestMs !== null) {
      throw new UnsupportedByHaproxy('timeouts.request', inst.where, 'HAProxy has no whole-request deadline covering retries (its timeouts are per phase and per inactivity)');
    }
    const groups = new Map<string, number[]>();
    for (const [m, prefix] of inst.prefixes) groups.set(prefix, [...(groups.get(prefix) ?? []), inst.id * ENTRY_STRIDE + m]);
    const prefixes: MatchedPrefixes = { groups: [...groups].map(([prefix, ids]) => ({ prefix, cond: `{ var(txn.e) -m int ${ids.sort((a, b) => a - b).join(' ')} }` })) };
    const fctx: FilterContext = { where: inst.where, scheme, listenerPort: port };
    // The rule's own filters: a redirect answers here, whatever backend would have been picked.
    const ruleFilters = rule.filters === null ? null : renderFilters(rule.filters, fctx, prefixes, '', null);
    if (ruleFilters?.redirects === true) {
      for (const line of renderFilters(rule.filters!, fctx, prefixes, rc, null).request) A(line);
      continue;
    }
    if (rule.backends.length === 0) {
      A(answer(500, 'no_backends', 'the matched rule has no usable backend', rc));
      continue;
    }
    if (rule.backends.length > 1) {
      counters = true;
      const weights = rule.backends.map((b) => b.weight);
      R(`http-request track-sc0 str(r${inst.id}) table gh_rr_${port} if ${rc}`);
      R(`http-request set-var(txn.pos) sc_inc_gpc0(0),sub(1),mod(${rule.totalWeight}) if ${rc}`);
      if (rule.totalWeight <= MAX_SEQUENCE_WEIGHT) {
        const order = smoothWeightedOrder(weights);
        rule.backends.forEach((_, k) => {
          const positions = order.flatMap((b, pos) => (b === k ? [pos] : []));
          if (k > 0 && positions.length > 0) R(`http-request set-var(txn.k) int(${k}) if ${rc} { var(txn.pos) -m int ${positions.join(' ')} }`);
        });
      } else {
        let lo = 0;
        rule.backends.forEach((b, k) => {
          if (b.weight > 0 && k > 0) R(`http-request set-var(txn.k) int(${k}) if ${rc} { var(txn.pos) -m int ${lo}:${lo + b.weight - 1} }`);
          lo += Math.max(0, b.weight);
        });
      }
    }
    rule.backends.forEach((b, k) => {
      const kc = rule.backends.length > 1 ? ` { var(txn.k) -m int ${k} }` : '';
      if (b.kind === 'invalid') {
        // A CORS preflight is answered before the picked backend is looked at (planFilters), usable or not.
        if (rule.filters?.cors != null) for (const line of renderCors(rule.filters.cors, `${rc}${kc}`, CORS_VARIABLE.rule).request) A(line);
        A(answer(500, 'invalid_backend', `backend ${b.ref} is invalid: ${b.reason}`, `${rc}${kc}`));
        return;
      }
      const be = renderBackend(`b${port}_${inst.id}_${k}`, inst, b, ruleFilters, prefixes, fctx, files, checks, opts.placement, mirrors);
      backends.push(...be.lines, '');
      facts.push(be.facts);
      if (be.pool.slots.length > 0) pools.push(be.pool);
      labels.push({ name: be.facts.name, gateway: inst.gateway, route: objectName(rule.route), rule: String(rule.ruleIndex), backend: be.facts.service, tls: be.facts.tls !== null });
    });
  }
  R(`use_backend gh_handoff_${port}_${scheme} if { stopping }`);
  if (!counters) L.splice(kAt, 1);
  R(`use_backend b${port}_%[var(txn.r)]_${counters ? '%[var(txn.k)]' : '0'}`);
  R('default_backend gh_unknown');
  // Server responses: a header the error answers use internally is not trusted from upstreams; hop-by-hop dropped.
  R('http-response del-header x-gatehouse-status');
  R(`http-response del-header ${word('^(keep-alive|proxy-connection|trailer|proxy-authenticate)$')} -m reg`);
  // HAProxy's own 502/503/504 answers (http-error in defaults) carry the Node engine's status in x-gatehouse-status.
  // The status test comes first: every other answer passes these rules without scanning its headers.
  for (const s of [502, 503, 504]) {
    R(`http-after-response set-status ${s} if { status ${[502, 503, 504].filter((o) => o !== s).join(' ')} } { res.hdr(x-gatehouse-status) -m str ${s} }`);
  }
  R('http-after-response del-header x-gatehouse-status if { status 502:504 }');
  if (opts.accessLog === true) R('http-after-response set-var(txn.gherr) res.hdr(x-gatehouse-error) if { res.hdr_cnt(x-gatehouse-error) gt 0 }');
  // An upgrade that is not switched (the gateway answered it, or the upstream refused it) ends the connection, as the
  // Node engine's upgrade handler does.
  R('http-after-response set-header connection close if { var(txn.upgrade) -m found } !{ status 101 }');
  if (counters) backends.push(`backend gh_rr_${port}`, '  stick-table type string len 16 size 10k store gpc0', '');
  backends.push(
    `backend gh_handoff_${port}_${scheme}`,
    '  # A process of a previous generation relays what its open connections still send to the newest one.',
    '  timeout server 24h',
    `  server next unix@${handoff} send-proxy-v2 proxy-v2-options authority`,
    '',
  );
  return { lines: L, backends, facts, labels, pools, notes };
}

/** Status codes HAProxy's `retry-on` takes (configuration.txt, "retry-on"). */
const RETRY_ON_CODES = new Set([401, 403, 404, 408, 425, 500, 501, 502, 503, 504]);

function renderBackend(
  name: string,
  inst: RuleInstance,
  b: ServiceBackend,
  ruleFilters: ReturnType<typeof renderFilters> | null,
  prefixes: MatchedPrefixes,
  fctx: FilterContext,
  files: RuntimeFiles,
  checks: PemChecks,
  placement: Placement | undefined,
  mirrors: MirrorBackends,
): { lines: string[]; facts: BackendFacts; pool: ServerPool } {
  const rule = inst.rule;
  const svc = `${objectName(b.service)}:${b.port}`;
  const where = `${inst.where} backendRef ${svc}`;
  const L: string[] = [`backend ${name}`, `  ${comment(where)}`];
  const R = (line: string): void => {
    L.push(`  ${line}`);
  };
  R(`timeout server ${rule.timeouts.backendRequestMs ?? HEADERS_TIMEOUT_MS}ms`);
  if (rule.retry !== null) {
    const outside = rule.retry.codes.filter((c) => !RETRY_ON_CODES.has(c));
    if (outside.length > 0) throw new UnsupportedByHaproxy(`retry.codes ${outside.join(', ')}`, inst.where, `HAProxy's retry-on takes only ${[...RETRY_ON_CODES].join(', ')}`);
    if (rule.retry.backoffMs > 0) throw new UnsupportedByHaproxy('retry.backoff', inst.where, 'HAProxy retries at once (no wait between attempts)');
    R(`retries ${rule.retry.attempts}`);
    R(`retry-on conn-failure empty-response response-timeout${rule.retry.codes.map((c) => ` ${c}`).join('')}`);
    R('option redispatch 1');
    // The Node engine does not retry a request whose body was already streamed upstream.
    R('http-request disable-l7-retry if { req.hdr_cnt(content-length) gt 0 } !{ req.hdr(content-length) -m str 0 } || { req.hdr_cnt(transfer-encoding) gt 0 }');
  }
  const response: string[] = [];
  let corsResponse: string[] = [];
  let redirected = false;
  let authority: string | null = null;
  if (ruleFilters !== null) {
    for (const line of ruleFilters.request) R(line);
    response.push(...ruleFilters.response);
    corsResponse = ruleFilters.corsResponse ?? [];
    authority = ruleFilters.authority;
  }
  if (b.filters !== null) {
    const bf = renderFilters(b.filters, { ...fctx, where, backendRef: true }, prefixes, '', authority);
    for (const line of bf.request) R(line);
    response.push(...bf.response);
    corsResponse = bf.corsResponse ?? corsResponse;
    redirected = bf.redirects;
  }
  const tls = withGatewayClientCertificate(b.tls, inst.clientCertificate);
  const gatewayCert = tls !== b.tls && inst.clientCertificate !== null ? `${inst.clientCertificate.source} of Gateway ${objectName(inst.clientCertificate.gateway)}` : null;
  let serverOptions: string[] = [];
  if (!redirected) {
    const st = tls === null ? null : renderServerTls(tls, where, files, checks, gatewayCert);
    // RequestMirror (mirror.ts): the rule's mirrors, then the backendRef's, as planFilters collects them.
    const mirrorLines = mirrors.linesFor([...(rule.filters?.mirrors ?? []), ...(b.filters?.mirrors ?? [])], inst.clientCertificate, inst.where, st?.kind !== 'problem' && b.endpoints.length > 0);
    for (const line of mirrorLines) R(line);
    if (st !== null) {
      if (st.kind === 'problem') R(answer(502, 'upstream_tls_config', st.reason, ''));
      else serverOptions = st.options;
    }
    if (b.endpoints.length === 0) R(answer(503, 'no_ready_endpoints', `Service ${svc} has no ready endpoints (${b.noEndpointsReason ?? 'none'})`, ''));
  }
  // CORS headers last, over what the ResponseHeaderModifiers did (proxy-exchange.ts onHeaders).
  for (const line of [...response, ...corsResponse]) R(line);
  if (b.protocol === 'h2c') serverOptions.push('proto', 'h2');
  R('balance roundrobin');
  // Endpoints in slots (server-slots.ts: checked server + backup twin each, spare slots for runtime API updates).
  const pool: ServerPool = { backend: name, service: svc, slots: placeEndpoints(b.endpoints.map((ep) => address(ep.address, ep.port)), name, svc, placement) };
  for (const line of renderServerSlots(pool, serverOptions)) R(line);
  const facts: BackendFacts = {
    name,
    service: svc,
    tls: tls === null
      ? null
      : {
          policy: `${tls.policy.kind} ${tls.policy.namespace}/${tls.policy.name}`,
          kind: tls.policy.kind,
          caSource: tls.caPem === null ? null : tls.caSource,
          identity: expectedIdentity(tls),
          clientCertificate: tls.clientCertPem !== null,
        },
    tlsProblem: b.tlsProblem,
    backendRequestMs: rule.timeouts.backendRequestMs,
  };
  return { lines: L, facts, pool };
}

/** TLS 1.3 suites and TLS 1.2 ciphers of the Node engine's listeners (server-certificates.ts). */
function frontendCiphers(): { suites: string; ciphers: string } {
  const all = FRONTEND_TLS_DEFAULTS.ciphers.split(':');
  return { suites: all.filter((c) => c.startsWith('TLS_')).join(':'), ciphers: all.filter((c) => !c.startsWith('TLS_')).join(':') };
}

/**
 * The routing table as HAProxy configuration: pure (the same table and options give the same text and files; no I/O,
 * no clock). Per port a frontend: listener by host (and SNI on HTTPS, 421 when they disagree), then the precomputed
 * entries in precedence order as ordered ACL conditions naming the first matching rule, rule answers (fixed
 * responses, redirects, 500s), the weighted pick of a backendRef, and one HAProxy backend per backendRef (its filters,
 * timeouts, retries, upstream TLS, servers = endpoints). Throws UnsupportedByHaproxy for anything it cannot render.
 */
export function renderHaproxyConfig(table: RoutingTable, opts: RenderOptions): RenderedConfig {
  if (/\s/.test(opts.dir)) throw new Error(`the HAProxy runtime directory must not contain white space: ${opts.dir}`);
  const files = new RuntimeFiles(opts.dir);
  const checks = opts.pemChecks ?? NODE_PEM_CHECKS;
  const notes: string[] = [];
  const frontends: string[] = [];
  const backends: string[] = [];
  const facts: BackendFacts[] = [];
  const labels: BackendLabels[] = [];
  const pools: ServerPool[] = [];
  const ports: RenderedConfig['ports'] = [];
  const mirrors = new MirrorBackends(files, checks, opts.placement);
  for (const pt of Object.values(table.ports).sort((a, b) => a.port - b.port)) {
    if (opts.skipPorts?.has(pt.port) === true) continue;
    const r = renderPort(pt, opts, files, checks, mirrors);
    append(frontends, r.lines);
    frontends.push('');
    append(backends, r.backends);
    append(facts, r.facts);
    append(labels, r.labels);
    append(pools, r.pools);
    append(notes, r.notes);
    ports.push({ port: pt.port, protocol: pt.protocol });
  }
  const lua = files.add('answers', 'lua', renderErrorLua(facts));
  const mirrored = mirrors.render(opts.dir);
  pools.push(...mirrored.pools);
  const probeSocket = `${opts.dir}/probe-${opts.revision}.sock`;
  const { suites, ciphers } = frontendCiphers();
  const limits = opts.limits;
  const errorAnswer = (status: number): string =>
    `  http-error status ${status} content-type ${TEXT_PLAIN} lf-string ${word(`%[lua.gh_reason(${status})]\n`)} hdr x-gatehouse-error ${word(`%[lua.gh_code(${status})]`)} hdr x-gatehouse-status ${word(`%[lua.gh_status(${status})]`)}`;
  const config = [
    `# Rendered by Gatehouse from routing table revision ${table.revision} (apps/worker/src/engines/haproxy/render). Do not edit.`,
    'global',
    '  master-worker',
    `  stats socket ${opts.dir}/admin.sock mode 600 level admin expose-fd listeners`,
    `  nbthread ${Math.max(1, Math.min(64, opts.threads))}`,
    `  lua-load ${lua}`,
    ...(mirrors.empty ? [] : [`  lua-load ${files.add('mirror', 'lua', renderMirrorLua(opts.dir))}`]),
    `  tune.http.maxhdr ${Math.min(32767, limits.maxHeaderCount)}`,
    `  tune.h2.max-concurrent-streams ${limits.h2MaxConcurrentStreams}`,
    '  ssl-default-bind-options ssl-min-ver TLSv1.2',
    `  ssl-default-bind-ciphers ${ciphers}`,
    `  ssl-default-bind-ciphersuites ${suites}`,
    // An old process that still holds connections after this many reloads is stopped.
    '  mworker-max-reloads 50',
    ...(opts.accessLog === true ? ['  log stdout format raw daemon'] : []),
    '',
    ...(ports.some((p) => p.protocol === 'TLS') ? TCP_DEFAULTS : []),
    'defaults',
    '  mode http',
    ...(opts.accessLog === true ? ['  log global', `  log-format ${word(ACCESS_LOG_FORMAT)}`, '  option dontlognull'] : []),
    `  timeout connect ${CONNECT_TIMEOUT_MS}ms`,
    `  timeout client ${limits.idleTimeoutMs}ms`,
    `  timeout http-request ${limits.headerTimeoutMs}ms`,
    `  timeout http-keep-alive ${limits.idleTimeoutMs}ms`,
    `  timeout server ${HEADERS_TIMEOUT_MS}ms`,
    '  timeout tunnel 1h',
    '  retries 0',
    // After a reload the old process answers the next request of each idle keep-alive connection (with Connection:
    // close, or GOAWAY on HTTP/2) instead of closing it under a client that may be sending: no request is lost.
    '  option idle-close-on-response',
    // The first request of a client connection may use an idle upstream connection that has already carried a request
    // and was kept open (configuration.txt 4.2 "http-reuse": `aggressive`), as the Node engine's pool and nginx's
    // `keepalive` do. With `safe` (the default) every new client connection opened its own upstream connection: a
    // TLS handshake each, in bursts when many clients connect at once.
    '  http-reuse aggressive',
    // Idle upstream connections are kept as the Node engine's pool keeps them (undici keepAliveTimeout 60 s): HAProxy
    // closes half of a server's idle connections every pool-purge-delay (default 5 s), so a pause of a few seconds
    // cost a new TLS handshake per connection afterwards. An upstream that closes an idle connection first is noticed.
    '  default-server init-addr libc,none pool-purge-delay 60s',
    errorAnswer(502),
    errorAnswer(503),
    errorAnswer(504),
    '',
    'frontend gh_probe',
    `  bind unix@${probeSocket} mode 600`,
    `  ${probeAnswer(table.revision)}`,
    '',
    ...frontends,
    ...mirrored.frontend,
    'backend gh_unknown',
    `  ${answer(500, 'internal_error', 'no backend was rendered for this rule', '').trim()}`,
    '',
    ...backends,
    ...mirrored.backends,
  ].join('\n');
  return { config: `${config.trimEnd()}\n`, files: files.list(), ports, probeSocket, notes, backends: labels, pools, revision: table.revision };
}

/** What the probe socket answers: the revision and the PID of the process (which configuration it serves). */
export function probeAnswer(revision: number): string {
  return `http-request return status 200 content-type text/plain lf-string ${word(`${revision} %pid\n`)}`;
}

/**
 * One JSON object per request, written by HAProxy to its stdout and shipped by the supervisor as the worker's access
 * log (observe/access-log-shipper.ts). HAProxy 2.6 has no JSON escaping: values that may hold a quote are written
 * with `%{+Q}` (which escapes it); a line that still does not parse is dropped by the shipper. The timers (HAProxy 2.6
 * configuration.txt §8.4 "Timing events": TR request headers, Tw queue, Tc connect, Tr response headers, Ta the whole
 * exchange; -1 for a phase never reached) feed the latency histograms of /metrics (observe/haproxy-latency.ts).
 */
export const ACCESS_LOG_FORMAT =
  '{"gh":1,"client":"%ci","method":%{+Q}HM,"host":%{+Q}[capture.req.hdr(0)],"path":%{+Q}HPO,"protocol":%{+Q}HV,"status":%ST,"bytes":%B,"durationMs":%Ta,"tR":%TR,"tw":%Tw,"tc":%Tc,"tr":%Tr,"backend":"%b","upstream":"%si:%sp","error":%{+Q}[var(txn.gherr)]}';
