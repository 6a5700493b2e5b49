import { luaString } from './syntax';

/**
 * What the error answers need to know of one HAProxy backend (one backendRef of one rule): the Node engine's 502/504
 * reasons name the Service, the endpoint, the TLS policy and its CA (proxy/upstream-errors.ts).
 */
export interface BackendFacts {
  /** HAProxy backend name. */
  name: string;
  /** `ns/name:port` of the Service. */
  service: string;
  /** null: plain HTTP. */
  tls: {
    /** `UpstreamTLSPolicy ns/name`. */
    policy: string;
    kind: string;
    /** `ns/secret`, or null for the system roots. */
    caSource: string | null;
    /** The name the certificate must carry, for messages. */
    identity: string;
    clientCertificate: boolean;
  } | null;
  /** Why a policy naming this port does not apply (its condition), for plain backends. */
  tlsProblem: string | null;
  /** timeouts.backendRequest in ms, or null (then the 60 s response-header timeout). */
  backendRequestMs: number | null;
}

/**
 * Lua (HAProxy 2.6 has Lua 5.3) that turns what HAProxy knows of a failed exchange into the Node engine's answers:
 * `lua.gh_code(<status>)` the `x-gatehouse-error` code, `lua.gh_reason(<status>)` the one-line reason,
 * `lua.gh_status(<status>)` the status to answer (HAProxy answers a failed connection with 503, the Node engine with
 * 502). They read `be_name` (which backend: the facts below), `srv_name` (which endpoint), `bc_err` (HAProxy's
 * connection error code, "fc_err_str" table of configuration.txt) and `ssl_bc_err_str` (OpenSSL's error).
 * The endpoint is read from the running process (`core.backends[…].servers[…]:get_addr()`, HAProxy's Lua API), not
 * written here: endpoint changes go to the running process through the runtime API (server-slots.ts) without a
 * reload, and this file is the same for every set of endpoints.
 * What HAProxy does not tell, and so is answered differently from the Node engine:
 * - a refused connection, a connect timeout and an unreachable host all read "refused the connection" (no errno);
 * - an untrusted, an expired and a not-yet-valid upstream certificate are all `upstream_tls_untrusted` (OpenSSL's
 *   verify result is not exposed for server connections, only "certificate verify failed"), the reason says so.
 * Also `lua.gh_hop_by_hop`: removes the headers a request's Connection header names (RFC 9110 §7.6.1), which
 * HAProxy forwards, as the Node engine does not.
 */
export function renderErrorLua(backends: readonly BackendFacts[]): string {
  const rows = backends.map((b) => {
    const tls = b.tls === null
      ? 'nil'
      : `{ policy = ${luaString(b.tls.policy)}, kind = ${luaString(b.tls.kind)}, ca = ${b.tls.caSource === null ? 'nil' : luaString(b.tls.caSource)}, identity = ${luaString(b.tls.identity)}, client = ${b.tls.clientCertificate ? 'true' : 'false'} }`;
    return `B[${luaString(b.name)}] = { svc = ${luaString(b.service)}, tls = ${tls}, problem = ${b.tlsProblem === null ? 'nil' : luaString(b.tlsProblem)}, timeout = ${b.backendRequestMs === null ? 'nil' : String(b.backendRequestMs)} }`;
  });
  return `-- Rendered by Gatehouse (apps/worker/src/engines/haproxy/render/error-answers.ts). Do not edit.
local B = {}
${rows.join('\n')}

local HEADERS_TIMEOUT = "60 s"

local function has(s, needle)
  return string.find(s, needle, 1, true) ~= nil
end

-- "address:port" of a server as it is now (the runtime API moves slots between endpoints); get_addr() writes IPv6
-- without brackets.
local function address_of(server)
  local a = server:get_addr()
  if a == nil then return "?" end
  local ip, port = string.match(a, "^(.*):(%d+)$")
  if ip ~= nil and has(ip, ":") then return "[" .. ip .. "]:" .. port end
  return a
end

-- The endpoint of the failed exchange: the server HAProxy picked, else the lowest slot in use.
local function endpoint(txn)
  local proxy = core.backends[txn.f:be_name() or ""]
  if proxy == nil then return "?" end
  local name = txn.f:srv_name()
  if name ~= nil and proxy.servers[name] ~= nil then return address_of(proxy.servers[name]) end
  local best, lowest = nil, nil
  for n, s in pairs(proxy.servers) do
    local i = tonumber(string.match(n, "^e(%d+)$"))
    if i ~= nil and (lowest == nil or i < lowest) and not has(s:get_stats().status or "", "MAINT") then best, lowest = s, i end
  end
  if best == nil then return "?" end
  return address_of(best)
end

-- status (502, 503, 504 as HAProxy would answer) -> status, code, reason
local function classify(txn, status)
  local be = txn.f:be_name() or ""
  local b = B[be]
  local handoff, scheme = string.match(be, "^gh_handoff_(%d+)_(%a+)$")
  if handoff ~= nil then
    -- A connection opened before a reload whose listener the newest configuration no longer has (or no longer
    -- speaks this connection's protocol on).
    return 503, "listener_removed", "port " .. handoff .. " no longer serves " .. string.upper(scheme) .. " (its listener was removed or changed); open a new connection"
  end
  if b == nil then
    if status == 503 then return 503, "no_backend", "no backend is available for this request" end
    if status == 504 then return 504, "upstream_timeout", "the upstream did not answer in time" end
    return status, "upstream_error", "the upstream failed"
  end
  local ep = endpoint(txn)
  if status == 504 then
    if b.timeout ~= nil then
      return 504, "backend_timeout", "Service " .. b.svc .. " did not answer within the backendRequest timeout (" .. b.timeout .. " ms)"
    end
    return 502, "upstream_headers_timeout", "upstream " .. ep .. " sent no response headers within " .. HEADERS_TIMEOUT
  end
  local err = tonumber(txn.f:bc_err() or 0) or 0
  local ssl = txn.f:ssl_bc_err_str() or ""
  local t = b.tls
  if t ~= nil then
    if err == 32 or err == 33 then
      return 502, "upstream_tls_hostname_mismatch", "upstream certificate does not match " .. t.identity .. " required by " .. t.policy .. ": " .. (txn.f:bc_err_str() or ssl)
    end
    if has(ssl, "certificate verify failed") then
      local by
      if t.ca == nil then by = "the system CA roots (" .. t.policy .. " wellKnownCACertificates: System)" else by = "the CA in " .. t.ca end
      return 502, "upstream_tls_untrusted", "upstream certificate is not trusted by " .. by .. " (or it has expired or is not yet valid: HAProxy does not tell which): " .. ssl
    end
    if has(ssl, "wrong version number") or has(ssl, "packet length too long") or has(ssl, "http request") then
      return 502, "upstream_tls_handshake_failed", "TLS handshake with upstream " .. ep .. " failed: it does not speak TLS (plain HTTP?), but " .. t.policy .. " requires TLS"
    end
    if status == 503 and err >= 24 and err <= 43 then
      return 502, "upstream_tls_handshake_failed", "TLS handshake with upstream " .. ep .. " failed: " .. (ssl ~= "" and ssl or (txn.f:bc_err_str() or ""))
    end
    if status == 502 then
      local hint = ""
      if not t.client then
        hint = " (no client certificate was presented: if it requires one, set the Gateway's spec.tls.backend.clientCertificateRef"
        if t.kind == "UpstreamTLSPolicy" then hint = hint .. " or the policy's mTLS: true" end
        hint = hint .. ")"
      end
      return 502, "upstream_connection_reset", "upstream " .. ep .. " closed the connection" .. hint
    end
  elseif status == 502 then
    if b.problem ~= nil then
      return 502, "upstream_tls_policy_not_accepted", "upstream closed the connection or answered with something other than HTTP, and no TLS is used: " .. b.problem
    end
    return 502, "upstream_not_http", "upstream closed the connection or answered with something other than HTTP (does it expect TLS? attach an UpstreamTLSPolicy or BackendTLSPolicy)"
  end
  if status == 503 then
    return 502, "upstream_connection_refused", "upstream " .. ep .. " refused the connection"
  end
  return 502, "upstream_error", "upstream " .. ep .. " failed"
end

local function answer(txn, status, i)
  local r = { classify(txn, tonumber(status) or 502) }
  return tostring(r[i])
end

core.register_fetches("gh_status", function(txn, status) return answer(txn, status, 1) end)
core.register_fetches("gh_code", function(txn, status) return answer(txn, status, 2) end)
core.register_fetches("gh_reason", function(txn, status) return answer(txn, status, 3) end)

local TRIVIAL = { ["keep-alive"] = true, ["close"] = true, ["upgrade"] = true, [""] = true }

core.register_action("gh_hop_by_hop", { "http-req" }, function(txn)
  local hdrs = txn.http:req_get_headers()["connection"]
  if hdrs == nil then return end
  local upgrade = false
  for _, v in pairs(hdrs) do
    for token in string.gmatch(v, "[^,]+") do
      local name = string.lower((string.gsub(token, "^%s*(.-)%s*$", "%1")))
      if name == "upgrade" then upgrade = true end
      if not TRIVIAL[name] then txn.http:req_del_header(name) end
    end
  end
  if upgrade then txn.http:req_set_header("connection", "upgrade") else txn.http:req_del_header("connection") end
end)
`;
}
