import type { BackendClientCertificate, ListenerTable, PortTable, ServiceBackend, TlsRouteTarget } from '@gatehouse/compiler/routing-table/routing-table';
import { withGatewayClientCertificate } from '../../../proxy/gateway-client-certificate';
import { listenersOf } from '../../../proxy/server-certificates';
import { CLIENT_HELLO_TIMEOUT_MS } from '../../../proxy/tls-route/tls-port-server';
import { CONNECT_TIMEOUT_MS } from '../../../proxy/upstream-pools';
import { type PemChecks, renderCrtList, renderServerTls } from './certificates';
import type { RuntimeFiles } from './runtime-files';
import { type Placement, placeEndpoints, renderServerSlots, type ServerPool } from './server-slots';
import { address, comment, listenerName, objectName, sampleArg, word } from './syntax';

/**
 * `protocol: TLS` ports (TLSRoute) on HAProxy: one `mode tcp` frontend per port that does what the Node engine's TLS
 * port server (proxy/tls-route/tls-port-server.ts) does, decided from the same table the same way:
 * - Passthrough: the ClientHello is read without answering it (`tcp-request inspect-delay` until
 *   `req.ssl_hello_type 1` holds, i.e. the whole ClientHello is in the buffer; anything else is closed at once, a
 *   slow client after the Node engine's CLIENT_HELLO_TIMEOUT_MS); its server name (`req.ssl_sni`) picks the
 *   listener, then the TLSRoute, then a backend by weight, and the bytes go to the endpoint untouched.
 * - Terminate: `bind … ssl crt-list` with the listeners' certificates per server name (certificates.ts, filters =
 *   the TLSRoute hostnames, strict-sni: a name no route serves gets no certificate, the handshake fails); after the
 *   handshake `ssl_fc_sni` routes the same way, and the decrypted stream goes to the endpoint in plain TCP, or over
 *   TLS when a BackendTLSPolicy covers the backend (`ssl verify required ca-file … sni …`, as on HTTP backends).
 * - HTTPS listeners beside Passthrough ones (GatewayHTTPSAndTLSPassthroughSamePort): a server name that selects an
 *   HTTPS listener goes, still encrypted and with a PROXY v2 header naming the client, to an internal HTTPS
 *   frontend on a unix socket rendered like any HTTPS port (`renderHttps`), which terminates it.
 * Precedence is the Node engine's (compiler match/select-tls-route.ts): listener by exact hostname > longest wildcard
 * suffix > no hostname, then on that listener route by exact hostname > longest wildcard suffix; no server name, a
 * name no route serves, a backend "rejected in proportion to its weight" (invalid backendRef), every weight 0, or a
 * Service without ready endpoints: the connection is closed. Weighted picks follow the Node engine's smooth weighted
 * round robin per route entry (a stick-table counter, as for HTTP rules).
 *
 * Reloads: a TCP connection is one tunnel routed once, so there is nothing to hand to the next generation (unlike
 * HTTP requests on a kept-alive connection, render-config.ts): the listening socket passes to the new process
 * (`expose-fd listeners`), new connections get the new table, and tunnels already open stay on the old process,
 * untouched, until they end (or idle past `timeout tunnel`, 1 h). The internal HTTPS frontend of a mixed port does
 * hand its requests off like any HTTPS port.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#tlsroutespec
 * @see https://docs.haproxy.org/2.6/configuration.html#7.3.5-req.ssl_sni
 */
export interface TlsPortRender {
  lines: string[];
  backends: string[];
  notes: string[];
  /** The server slots of the TCP backends (the inner HTTPS frontend's are its own PortRender's). */
  pools: ServerPool[];
}

export interface TlsPortContext {
  dir: string;
  bindAddress: string;
  files: RuntimeFiles;
  checks: PemChecks;
  /** The Node engine's weighted pick order (render-config.ts smoothWeightedOrder). */
  weightedOrder: (weights: readonly number[]) => number[];
  /** The slots in force (render-config.ts RenderOptions.placement): TCP backends' endpoints change live too. */
  placement?: Placement;
  /** Renders the HTTPS part of a mixed port as an HTTPS frontend bound on `bind` (a unix socket taking PROXY v2). */
  renderHttps: (port: PortTable, bind: string) => { lines: string[]; backends: string[]; notes: string[] };
}

/**
 * The defaults of the TCP proxies (`frontend t<port> from gh_tcp`, their backends): declared before the HTTP
 * `defaults`, so that proxies without `from` keep inheriting those. No log (connections are not HTTP requests: the
 * access log's log-format needs HTTP mode), no HTTP error answers. `timeout client` is the Node engine's
 * CLIENT_HELLO_TIMEOUT_MS: what a client gets to send its ClientHello or finish its handshake. Once both sides are
 * connected the tunnel timeout replaces it: 1 h of silence both ways ends the connection (the Node engine sets no
 * idle limit on a spliced stream; HAProxy needs one, and this is the one its WebSocket tunnels get).
 * @see https://docs.haproxy.org/2.6/configuration.html#4 ("defaults <name>", "from <defaults_name>")
 */
export const TCP_DEFAULTS: readonly string[] = [
  'defaults gh_tcp',
  '  mode tcp',
  `  timeout connect ${CONNECT_TIMEOUT_MS}ms`,
  `  timeout client ${CLIENT_HELLO_TIMEOUT_MS}ms`,
  '  timeout server 60000ms',
  '  timeout tunnel 1h',
  '  default-server init-addr libc,none',
  '',
];

/** Weighted picks up to this total weight follow the Node engine's order exactly; above, ranges (as render-config.ts). */
const MAX_SEQUENCE_WEIGHT = 256;


/** The server name as the Node engine reads it (normalizeRequestHost): lower case, no port, no trailing dot. */
function normalized(fetch: string): string {
  return word(`${fetch},lower,regsub(${sampleArg('^([^:]*):.*$')},${sampleArg('\\1')}),regsub(${sampleArg('\\.$')},)`);
}

/** The socket of a mixed port's internal HTTPS frontend: stable across generations, so a reload passes it on. */
export function innerHttpsSocket(dir: string, port: number): string {
  return `${dir}/tls-https-${port}.sock`;
}

/** The TLSRoute hostnames of a Terminate listener: the server names its certificates are offered for. */
function routeHostnames(l: ListenerTable): string[] {
  const routes = l.tlsRoutes;
  return routes === null ? [] : [...Object.keys(routes.exactHosts), ...routes.wildcardHosts.map((w) => w.hostname)];
}

export function renderTlsPort(pt: PortTable, ctx: TlsPortContext): TlsPortRender {
  const port = pt.port;
  const listeners = listenersOf(pt);
  const tlsListeners = listeners.filter((l) => l.tlsRoutes !== null);
  const terminate = tlsListeners.some((l) => l.tlsRoutes?.mode === 'Terminate');
  const httpsListeners = listeners.filter((l) => l.tlsRoutes === null);
  const notes: string[] = [];
  const backends: string[] = [];
  const pools: ServerPool[] = [];
  const L: string[] = [`frontend t${port} from gh_tcp`];
  const R = (line: string): void => {
    L.push(`  ${line}`);
  };
  let bind = `bind ${address(ctx.bindAddress, port)}`;
  if (terminate) {
    const crt = renderCrtList(pt, ctx.files, ctx.checks, routeHostnames);
    notes.push(...crt.notes);
    bind += ` ssl crt-list ${crt.path} strict-sni${crt.insecureFallback ? ' ca-ignore-err all crt-ignore-err all' : ''}`;
  }
  R(bind);
  for (const l of listeners) R(comment(`listener ${listenerName(l)} hostname ${l.hostname ?? '(none)'} ${l.tlsRoutes === null ? 'HTTPS' : `TLS ${l.tlsRoutes.mode}`}`));
  const sni = terminate ? 'ssl_fc_sni' : 'req.ssl_sni';
  if (!terminate) {
    // Wait for the whole ClientHello (req.ssl_hello_type is undetermined until its handshake message is complete);
    // bytes that are not one are refused at once.
    R(`tcp-request inspect-delay ${CLIENT_HELLO_TIMEOUT_MS}ms`);
    R('tcp-request content reject if !{ req.ssl_hello_type 1 }');
  }
  R(`tcp-request content set-var(txn.sni) ${normalized(sni)}`);

  // The listener, by server name: exact > longest wildcard > none (listener isolation, as HTTPS).
  const listenerId = new Map<ListenerTable, number>(listeners.map((l, i) => [l, i + 1]));
  R('tcp-request content set-var(txn.l) int(0)');
  for (const [host, l] of Object.entries(pt.exactHosts)) R(`tcp-request content set-var(txn.l) int(${listenerId.get(l)}) if { var(txn.sni) -m str ${word(host)} }`);
  for (const l of pt.wildcardHosts) {
    const suffix = l.wildcardSuffix ?? '';
    R(`tcp-request content set-var(txn.l) int(${listenerId.get(l)}) if { var(txn.l) -m int 0 } { var(txn.sni) -m end ${word(suffix)} } !{ var(txn.sni) -m str ${word(suffix)} }`);
  }
  if (pt.anyHost !== null) R(`tcp-request content set-var(txn.l) int(${listenerId.get(pt.anyHost)}) if { var(txn.l) -m int 0 }`);

  // The route on that listener: exact hostname > longest wildcard suffix (the table lists wildcards longest first).
  const targets: Array<{ id: number; target: TlsRouteTarget; listener: ListenerTable; hostname: string }> = [];
  R('tcp-request content set-var(txn.t) int(0)');
  for (const l of tlsListeners) {
    const routes = l.tlsRoutes!;
    const lc = `{ var(txn.l) -m int ${listenerId.get(l)} }`;
    for (const [host, target] of Object.entries(routes.exactHosts)) {
      const id = targets.push({ id: targets.length + 1, target, listener: l, hostname: host });
      R(`tcp-request content set-var(txn.t) int(${id}) if ${lc} { var(txn.sni) -m str ${word(host)} }`);
    }
    for (const w of routes.wildcardHosts) {
      const id = targets.push({ id: targets.length + 1, target: w.target, listener: l, hostname: w.hostname });
      R(`tcp-request content set-var(txn.t) int(${id}) if { var(txn.t) -m int 0 } ${lc} { var(txn.sni) -m end ${word(w.suffix)} } !{ var(txn.sni) -m str ${word(w.suffix)} }`);
    }
  }
  const httpsIds = httpsListeners.map((l) => listenerId.get(l)).join(' ');
  const toHttps = httpsIds === '' ? '' : ` !{ var(txn.l) -m int ${httpsIds} }`;
  // No route for the name (or no name: TLSRoutes always have hostnames): closed.
  R(`tcp-request content reject if { var(txn.t) -m int 0 }${toHttps}`);

  // The backend of the route entry, by weight (a counter per entry, in the Node engine's pick order).
  R('tcp-request content set-var(txn.k) int(0)');
  let counters = false;
  for (const t of targets) {
    const target = t.target;
    const tc = `{ var(txn.t) -m int ${t.id} }`;
    R(comment(`route ${t.id}: TLSRoute ${objectName(target.route)} hostname ${t.hostname} on listener ${listenerName(t.listener)}`));
    if (target.totalWeight === 0 || target.backends.length === 0) {
      R(`tcp-request content reject if ${tc}`);
      continue;
    }
    if (target.backends.length > 1) {
      counters = true;
      R(`tcp-request content track-sc0 str(t${t.id}) table gh_rrt_${port} if ${tc}`);
      R(`tcp-request content set-var(txn.pos) sc_inc_gpc0(0),sub(1),mod(${target.totalWeight}) if ${tc}`);
      if (target.totalWeight <= MAX_SEQUENCE_WEIGHT) {
        const order = ctx.weightedOrder(target.backends.map((b) => b.weight));
        target.backends.forEach((_, k) => {
          const positions = order.flatMap((b, pos) => (b === k ? [pos] : []));
          if (k > 0 && positions.length > 0) R(`tcp-request content set-var(txn.k) int(${k}) if ${tc} { var(txn.pos) -m int ${positions.join(' ')} }`);
        });
      } else {
        let lo = 0;
        target.backends.forEach((b, k) => {
          if (b.weight > 0 && k > 0) R(`tcp-request content set-var(txn.k) int(${k}) if ${tc} { var(txn.pos) -m int ${lo}:${lo + b.weight - 1} }`);
          lo += Math.max(0, b.weight);
        });
      }
    }
    target.backends.forEach((b, k) => {
      const kc = target.backends.length > 1 ? ` { var(txn.k) -m int ${k} }` : '';
      if (b.kind === 'invalid') {
        // "Rejected in proportion to its weight": the connections that pick it are closed.
        R(`tcp-request content reject if ${tc}${kc}`);
        return;
      }
      const be = renderTcpBackend(`tb${port}_${t.id}_${k}`, t, b, terminate, ctx);
      backends.push(...be.lines, '');
      notes.push(...be.notes);
      if (be.pool !== null && be.pool.slots.length > 0) pools.push(be.pool);
    });
  }
  if (httpsListeners.length > 0) R(`use_backend gh_https_${port} if { var(txn.l) -m int ${httpsIds} }`);
  R(`use_backend tb${port}_%[var(txn.t)]_%[var(txn.k)]`);

  if (counters) backends.push(`backend gh_rrt_${port}`, '  stick-table type string len 16 size 10k store gpc0', '');
  if (httpsListeners.length > 0) {
    const socket = innerHttpsSocket(ctx.dir, port);
    const inner = ctx.renderHttps({ ...pt, protocol: 'HTTPS' }, `unix@${socket} mode 600 accept-proxy`);
    notes.push(...inner.notes);
    backends.push(
      `backend gh_https_${port} from gh_tcp`,
      '  # Connections whose server name selects an HTTPS listener: still encrypted, to the port\'s HTTPS frontend.',
      `  server https unix@${socket} send-proxy-v2`,
      '',
      ...inner.backends,
    );
    return { lines: [...L, '', ...inner.lines], backends, notes, pools };
  }
  return { lines: L, backends, notes, pools };
}

/**
 * One backendRef of a TLSRoute entry: its ready endpoints as servers (none → the connection is closed, as the Node
 * engine closes it), TLS to them on Terminate listeners a BackendTLSPolicy covers (with the Gateway's client
 * certificate, GEP-3155), never on Passthrough ones (the client's own session goes through).
 */
function renderTcpBackend(
  name: string,
  t: { target: TlsRouteTarget; listener: ListenerTable },
  b: ServiceBackend,
  terminate: boolean,
  ctx: TlsPortContext,
): { lines: string[]; notes: string[]; pool: ServerPool | null } {
  const svc = `${objectName(b.service)}:${b.port}`;
  const where = `TLSRoute ${objectName(t.target.route)} backendRef ${svc}`;
  const L: string[] = [`backend ${name} from gh_tcp`, `  ${comment(where)}`];
  const notes: string[] = [];
  let options: string[] = [];
  const clientCertificate: BackendClientCertificate | null = t.listener.backendClientCertificate;
  const tls = terminate ? withGatewayClientCertificate(b.tls, clientCertificate) : null;
  if (tls !== null) {
    const gatewayCert = tls !== b.tls && clientCertificate !== null ? `${clientCertificate.source} of Gateway ${objectName(clientCertificate.gateway)}` : null;
    const st = renderServerTls(tls, where, ctx.files, ctx.checks, gatewayCert);
    if (st.kind === 'problem') {
      // No server: connections that pick this backend are closed (a TCP stream has no error answer to carry it).
      notes.push(`${where}: ${st.reason}; connections to it are closed`);
      L.push(`  ${comment(st.reason)}`);
      return { lines: L, notes, pool: null };
    }
    options = st.options;
  }
  if (b.endpoints.length === 0) L.push(`  ${comment(`no ready endpoints (${b.noEndpointsReason ?? 'none'}): connections are closed`)}`);
  L.push('  balance roundrobin');
  // Endpoints in slots as on HTTP backends (server-slots.ts): passive outlier detection (a failed connection marks the
  // endpoint down until a TCP check succeeds), never-checked backup twins serving when all are down, spare slots so
  // that an endpoint change is a runtime API update instead of a reload.
  const pool: ServerPool = { backend: name, service: svc, slots: placeEndpoints(b.endpoints.map((ep) => address(ep.address, ep.port)), name, svc, ctx.placement) };
  for (const line of renderServerSlots(pool, options)) L.push(`  ${line}`);
  return { lines: L, notes, pool };
}
