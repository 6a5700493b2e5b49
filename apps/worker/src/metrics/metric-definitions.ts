/**
 * The names, label names and meaning of the worker's Prometheus metrics that both engines report — the contract
 * dashboards and alerts rely on (issue 13 §4: "the same metric names as the Node engine"). The Node engine's registry
 * (worker-metrics.ts) and the haproxy engine's (engines/haproxy/observe/haproxy-metrics.ts) both take them from here
 * and add, in the help text only, what their engine counts differently.
 */
export const SHARED_METRICS = {
  httpRequests: {
    name: 'gatehouse_http_requests_total',
    help: 'HTTP requests by gateway, route (ns/name), rule index, backend Service (ns/name:port) and status class; "none" where there was none',
    labelNames: ['gateway', 'route', 'rule', 'backend', 'status_class'],
  },
  responseHeadersSeconds: {
    name: 'gatehouse_http_response_headers_seconds',
    help: 'Time from a request\'s arrival to its response headers, by gateway, route, rule and backend',
  },
  requestDurationSeconds: {
    name: 'gatehouse_http_request_duration_seconds',
    help: 'Time from a request\'s arrival to the end of its response, by gateway, route, rule and backend',
  },
  upstreamConnectionsOpened: {
    name: 'gatehouse_upstream_connections_opened_total',
    help: 'Upstream connections opened',
    labelNames: ['tls'],
  },
  upstreamConnectFailures: {
    name: 'gatehouse_upstream_connect_failures_total',
    help: 'Upstream connection attempts that failed, by TLS or not and by reason',
    labelNames: ['tls', 'reason'],
  },
  openConnections: {
    name: 'gatehouse_open_connections',
    help: 'Client connections open now, by listener port',
    labelNames: ['port'],
  },
  retries: {
    name: 'gatehouse_retries_total',
    help: 'Upstream attempts repeated under an HTTPRoute retry policy',
  },
  configRevision: {
    name: 'gatehouse_config_revision',
    help: 'The configuration revision enforced (absent before the first good snapshot)',
  },
  configReloads: {
    name: 'gatehouse_config_reloads_total',
    help: 'Configuration snapshots received: enforced (success) or refused while the last good one keeps serving (failure)',
    labelNames: ['result'],
  },
  configLastReloadDuration: {
    name: 'gatehouse_config_last_reload_duration_seconds',
    help: 'Time the last enforced snapshot took from its arrival to serving',
  },
  configLastReloadSuccess: {
    name: 'gatehouse_config_last_reload_success_timestamp_seconds',
    help: 'Unix time of the last snapshot enforced',
  },
} as const satisfies Record<string, { name: string; help: string; labelNames?: readonly string[] }>;

/** The shared definition with an engine's own words appended to its help text. */
export function withNote<M extends { help: string }>(metric: M, note: string): M {
  return { ...metric, help: `${metric.help} (${note})` };
}
