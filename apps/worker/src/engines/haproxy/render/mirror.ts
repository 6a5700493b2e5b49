import { createHash } from 'node:crypto';
import type { BackendClientCertificate, MirrorTarget } from '@gatehouse/compiler/routing-table/routing-table';
import { withGatewayClientCertificate } from '../../../proxy/gateway-client-certificate';
import { type PemChecks, renderServerTls } from './certificates';
import type { RuntimeFiles } from './runtime-files';
import { type Placement, placeEndpoints, renderServerSlots, type ServerPool } from './server-slots';
import { address, comment, lfText, luaString, objectName, sampleArg, word } from './syntax';

/**
 * RequestMirror on HAProxy 2.6 (gateway-api v1.6.1 HTTPRequestMirrorFilter: "the request is copied to the mirror
 * backend; responses from it are ignored"), built from what 2.6 has — no native mirroring — so that only rules with
 * a mirror pay for it:
 *
 * - A Lua filter (`filter lua.gh_mirror <spec>`, HAProxy 2.5+ Lua filter API) in the HAProxy backend of each
 *   backendRef whose rule or own filters mirror. Its `http_headers` callback runs after the backend's `http-request`
 *   rules, so it sees the request exactly as the main upstream gets it (rewrites, header edits, X-Forwarded-*), as
 *   the Node engine's copy is (request-handler.ts calls sendMirrors with the edited headers and target). It draws
 *   each mirror's share (numerator/denominator, one random draw per mirror and request), copies the body chunk by
 *   chunk as it streams to the main upstream (nothing waits for it), and at the end of the request hands the copy to
 *   a Lua task (`core.register_task`): the client's request is never delayed, and its answer never depends on the
 *   mirror's. Every callback runs under pcall: a failing copy is dropped, the real request goes on.
 * - The task sends the copy with the Lua HTTP client (`core.httpclient():post{url, headers, body, dst, timeout}`,
 *   HAProxy 2.6 lua-api; `dst` "in haproxy address format") to an internal frontend bound on a unix socket of the
 *   private runtime directory, which routes it to the mirror Service's own HAProxy backend (`gm_<hash>`): servers in
 *   slots like every backend, so endpoint changes made through the runtime API reach mirrors too (server-slots.ts),
 *   and the Service's upstream TLS (UpstreamTLSPolicy/BackendTLSPolicy, the Gateway's client certificate) and h2c
 *   are the backend's own server options.
 * - The 2.6 client only sends GET/HEAD/PUT/POST/DELETE and adds `Accept` and `User-Agent` when absent, so the copy
 *   travels as a POST whose path starts with `/_gh/<backend>/<method, %-encoded>/<flags>`: the internal frontend
 *   restores the method and path, and removes the two headers when the original had none (flags `a`, `u`). The
 *   client cannot reach that frontend (a 0600 socket in a 0700 directory), so nothing it sends is taken as such.
 *
 * What differs from the Node engine, and how (README "Choosing an engine"):
 * - The copy leaves when the request's body has been read, not while it streams; a body over 1 MiB
 *   (MIRROR_BODY_LIMIT, the Node engine's MIRROR_BUFFER_LIMIT for a mirror falling behind) is not copied at all.
 * - When the main backend answers itself (503 no ready endpoints, 502 unusable TLS settings) the copy is sent by a
 *   Lua action from the request as received so far: with its body only when the whole body is already there
 *   (a Content-Length body that arrived with the headers), else not at all.
 * - Mirror failures are not counted in /metrics (the Node engine's `mirrored` and mirror_* error counters).
 */

/** The largest request body a copy carries; a larger one is not mirrored (mirror-requests.ts MIRROR_BUFFER_LIMIT). */
export const MIRROR_BODY_LIMIT = 1 << 20;
/** How long the copy's exchange may last before the task gives it up (the Node engine's response-header timeout). */
const MIRROR_TIMEOUT_MS = 60_000;

/** The unix socket of the internal frontend that routes copies to mirror backends. */
export function mirrorSocket(dir: string): string {
  return `${dir}/mirror.sock`;
}

/** One mirror of a request: the `gm_…` backend and the share of requests it copies. */
interface MirrorShare {
  backend: string;
  numerator: number;
  denominator: number;
}

/** `backend:numerator:denominator,…`: the one word the filter and the action read (parsed once per spec in Lua). */
function spec(shares: readonly MirrorShare[]): string {
  return shares.map((s) => `${s.backend}:${s.numerator}:${s.denominator}`).join(',');
}

/**
 * The mirror backends of one rendered configuration, one per distinct (Service port, protocol, server options), named
 * by a hash of those so that the name is the same in every configuration that has it (a copy sent by a process of
 * the previous generation reaches the same backend after a reload) and endpoint placement follows it.
 */
export class MirrorBackends {
  private readonly backends = new Map<string, { lines: string[]; pool: ServerPool }>();

  constructor(
    private readonly files: RuntimeFiles,
    private readonly checks: PemChecks,
    private readonly placement: Placement | undefined,
  ) {}

  get empty(): boolean {
    return this.backends.size === 0;
  }

  /** The backend copies for mirror `m` of a rule reached with `clientCertificate` go to; rendered once. */
  private backendFor(m: MirrorTarget, clientCertificate: BackendClientCertificate | null, where: string): string {
    const b = m.backend;
    const svc = `${objectName(b.service)}:${b.port}`;
    const tls = withGatewayClientCertificate(b.tls, clientCertificate);
    const gatewayCert = tls !== b.tls && clientCertificate !== null ? `${clientCertificate.source} of Gateway ${objectName(clientCertificate.gateway)}` : null;
    const mirrorWhere = `${where} RequestMirror ${svc}`;
    let options: string[] = [];
    let problem: string | null = null;
    if (tls !== null) {
      const st = renderServerTls(tls, mirrorWhere, this.files, this.checks, gatewayCert);
      if (st.kind === 'problem') problem = st.reason;
      else options = st.options;
    }
    if (b.protocol === 'h2c') options.push('proto', 'h2');
    const name = `gm_${createHash('sha256').update(JSON.stringify([svc, b.protocol, options, problem])).digest('hex').slice(0, 16)}`;
    if (this.backends.has(name)) return name;
    const L: string[] = [`backend ${name}`, `  ${comment(`RequestMirror copies to Service ${svc}`)}`, `  timeout server ${MIRROR_TIMEOUT_MS}ms`];
    // The answers below go back to the Lua task, which drops them (mirror-requests.ts counts them as failures).
    if (problem !== null) L.push(`  http-request return status 502 content-type text/plain lf-string ${word(`${lfText(problem)}\n`)}`);
    if (b.endpoints.length === 0) L.push(`  http-request return status 503 content-type text/plain lf-string ${word(`Service ${svc} has no ready endpoints\n`)}`);
    L.push('  balance roundrobin');
    const pool: ServerPool = { backend: name, service: svc, slots: placeEndpoints(b.endpoints.map((ep) => address(ep.address, ep.port)), name, svc, this.placement) };
    for (const line of renderServerSlots(pool, options)) L.push(`  ${line}`);
    this.backends.set(name, { lines: L, pool });
    return name;
  }

  /**
   * The lines a main backend gets for `mirrors` (its rule's, then its backendRef's, as planFilters collects them):
   * `forwards` = the backend sends the request upstream (the filter copies it as it streams); otherwise it answers
   * itself (503/502) and a Lua action placed before that answer sends the copy.
   */
  linesFor(mirrors: readonly MirrorTarget[], clientCertificate: BackendClientCertificate | null, where: string, forwards: boolean): string[] {
    if (mirrors.length === 0) return [];
    const shares = mirrors.map((m) => ({ backend: this.backendFor(m, clientCertificate, where), numerator: m.numerator, denominator: m.denominator }));
    return forwards ? [`filter lua.gh_mirror ${spec(shares)}`] : [`http-request lua.gh_mirror_now ${spec(shares)}`];
  }

  /** The internal frontend, the mirror backends and their server slots (empty when no rule mirrors). */
  render(dir: string): { frontend: string[]; backends: string[]; pools: ServerPool[] } {
    if (this.empty) return { frontend: [], backends: [], pools: [] };
    const names = [...this.backends.keys()].sort();
    const field = (n: number): string => word(`path,field(${n},/)`);
    const frontend = [
      'frontend gh_mirror',
      '  # RequestMirror copies from the Lua filter (mirror-*.lua): POST /_gh/<backend>/<method>/<flags><path>.',
      `  bind unix@${mirrorSocket(dir)} mode 600`,
      '  no log',
      `  http-request set-var(txn.mb) ${field(3)}`,
      `  http-request set-var(txn.mm) ${word(`path,field(4,/),url_dec`)}`,
      `  http-request set-var(txn.mf) ${field(5)}`,
      `  http-request set-path ${word(`%[path,regsub(${sampleArg('^/[^/]*/[^/]*/[^/]*/[^/]*')},)]`)}`,
      '  http-request set-method %[var(txn.mm)]',
      '  http-request del-header accept if { var(txn.mf) -m sub a }',
      '  http-request del-header user-agent if { var(txn.mf) -m sub u }',
      '  use_backend %[var(txn.mb)]',
      '  default_backend gh_unknown',
      '',
    ];
    const backends = names.flatMap((n) => [...this.backends.get(n)!.lines, '']);
    return { frontend, backends, pools: names.map((n) => this.backends.get(n)!.pool) };
  }
}

/** The Lua of the mirror filter and action (loaded only by configurations with a mirror). */
export function renderMirrorLua(dir: string): string {
  return `-- Rendered by Gatehouse (apps/worker/src/engines/haproxy/render/mirror.ts). Do not edit.
-- RequestMirror: copies of requests sent by Lua tasks through the HTTP client to the internal frontend gh_mirror.
local SOCKET = ${luaString(`unix@${mirrorSocket(dir)}`)}
local BODY_LIMIT = ${MIRROR_BODY_LIMIT}
local TIMEOUT_MS = ${MIRROR_TIMEOUT_MS}

do
  local now = core.now()
  math.randomseed(now.sec * 1000003 + now.usec)
end

-- "backend:numerator:denominator,..." -> { {name, num, den}, ... }, parsed once per spec.
local SPECS = {}
local function targets(spec)
  local t = SPECS[spec]
  if t == nil then
    t = {}
    for name, num, den in string.gmatch(spec, "([^,:]+):(%d+):(%d+)") do
      t[#t + 1] = { name = name, num = tonumber(num), den = tonumber(den) }
    end
    SPECS[spec] = t
  end
  return t
end

-- The mirrors that copy this request: one draw each, as mirror-requests.ts (skipped when random * den >= num).
local function draw(spec)
  local out = {}
  for _, t in ipairs(targets(spec)) do
    if t.num >= t.den or math.random() * t.den < t.num then out[#out + 1] = t.name end
  end
  return out
end

local function escape(s)
  return (string.gsub(s, "[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- The copy's request line and headers. Header lists come indexed from 0 (TXN/HTTPMessage get_headers); the client
-- takes them from 1. Transfer-Encoding is left to the client (it frames the body it is given).
local function copy_of(method, pathq, headers)
  local h = {}
  for name, values in pairs(headers) do
    local list, i = {}, 0
    while values[i] ~= nil do
      list[#list + 1] = values[i]
      i = i + 1
    end
    h[name] = list
  end
  h["transfer-encoding"] = nil
  local flags = ""
  if h["accept"] == nil then flags = flags .. "a" end
  if h["user-agent"] == nil then flags = flags .. "u" end
  if flags == "" then flags = "-" end
  return { method = method, pathq = pathq, headers = h, flags = flags }
end

-- One task per mirror, as the Node engine dispatches each copy on its own; the answer is read and dropped.
local function send(names, req, body)
  if body == "" then body = nil end
  for _, name in ipairs(names) do
    core.register_task(function()
      local hc = core.httpclient()
      pcall(hc.post, hc, {
        url = "http://gatehouse-mirror/_gh/" .. name .. "/" .. escape(req.method) .. "/" .. req.flags .. req.pathq,
        headers = req.headers, body = body, dst = SOCKET, timeout = TIMEOUT_MS,
      })
    end)
  end
end

local Mirror = {}
Mirror.id = "gatehouse request mirror"
Mirror.flags = filter.FLT_CFG_FL_HTX
Mirror.__index = Mirror

function Mirror:new()
  return setmetatable({ spec = self.spec, size = 0, parts = {} }, Mirror)
end

local function give_up(self, chn)
  self.size = -1
  self.parts = nil
  pcall(filter.unregister_data_filter, self, chn)
end

function Mirror:start_analyze(txn, chn)
  if not chn:is_resp() then filter.register_data_filter(self, chn) end
end

-- After every http-request rule of the backend: the request as the main upstream gets it.
function Mirror:http_headers(txn, msg)
  if msg.channel:is_resp() then return filter.CONTINUE end
  local ok = pcall(function()
    local pathq = txn.f:pathq() or ""
    local names = draw(self.spec)
    if #names == 0 or string.sub(pathq, 1, 1) ~= "/" then
      give_up(self, msg.channel)
      return
    end
    self.names = names
    self.req = copy_of(txn.f:method(), pathq, msg:get_headers())
  end)
  if not ok then give_up(self, msg.channel) end
  return filter.CONTINUE
end

-- Body chunks as they pass to the main upstream (not held: the filter forwards them all).
function Mirror:http_payload(txn, msg)
  if msg.channel:is_resp() or self.size < 0 then return end
  local ok = pcall(function()
    local n = msg:input()
    if n <= 0 then return end
    if self.size + n > BODY_LIMIT then
      give_up(self, msg.channel)
      return
    end
    local chunk = msg:body(0, n)
    if chunk == nil then return end
    self.size = self.size + #chunk
    self.parts[#self.parts + 1] = chunk
  end)
  if not ok then give_up(self, msg.channel) end
end

-- The whole request has passed: the copy leaves.
function Mirror:http_end(txn, msg)
  if msg.channel:is_resp() or self.size < 0 or self.req == nil then return filter.CONTINUE end
  pcall(send, self.names, self.req, table.concat(self.parts))
  self.parts = nil
  return filter.CONTINUE
end

core.register_filter("gh_mirror", Mirror, function(flt, args)
  flt.spec = args[1] or ""
  return flt
end)

-- A main backend that answers itself (no ready endpoints, unusable TLS settings) has no payload phase: the copy
-- is sent from here, with the body only when all of it is already there.
core.register_action("gh_mirror_now", { "http-req" }, function(txn, spec)
  pcall(function()
    local pathq = txn.f:pathq() or ""
    local names = draw(spec)
    if #names == 0 or string.sub(pathq, 1, 1) ~= "/" then return end
    local headers = txn.http:req_get_headers()
    local body = ""
    if headers["transfer-encoding"] ~= nil then return end
    local length = headers["content-length"]
    if length ~= nil then
      body = txn.f:req_body() or ""
      if tonumber(length[0]) ~= #body then return end
    end
    send(names, copy_of(txn.f:method(), pathq, headers), body)
  end)
end, 1)
`;
}
