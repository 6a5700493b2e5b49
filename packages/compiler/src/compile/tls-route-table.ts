import { isWildcard, wildcardSuffix } from '../hostname/hostname-match';
import type { TlsListenerMode, TlsRouteTable, TlsRouteTarget } from '../routing-table/routing-table';
import type { AttachedTlsRoute } from './tls-routes';

/**
 * The SNI table of one TLS listener. Routes come oldest first (then `ns/name`); when two TLSRoutes serve the same
 * hostname on a listener, the oldest keeps it — the Gateway API's conflict rule for routes ("the oldest Route
 * based on creation timestamp", then alphabetical). Wildcards are sorted longest suffix first so the most
 * specific one answers.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#tlsroutespec
 */
export function buildTlsRouteTable(mode: TlsListenerMode, attached: readonly AttachedTlsRoute[]): TlsRouteTable {
  const exactHosts: Record<string, TlsRouteTarget> = {};
  const wildcards = new Map<string, TlsRouteTarget>();
  for (const a of attached) {
    for (const h of a.hostnames) {
      const target: TlsRouteTarget = {
        route: { namespace: a.route.meta.namespace, name: a.route.meta.name },
        routeHostname: h.routeHostname ?? h.hostname,
        ruleName: a.route.ruleName ?? null,
        backends: a.compiled.backends,
        totalWeight: a.compiled.totalWeight,
      };
      if (isWildcard(h.hostname)) {
        if (!wildcards.has(h.hostname)) wildcards.set(h.hostname, target);
      } else {
        exactHosts[h.hostname] ??= target;
      }
    }
  }
  const wildcardHosts = [...wildcards.entries()]
    .sort(([x], [y]) => y.length - x.length || (x < y ? -1 : 1))
    .map(([hostname, target]) => ({ hostname, suffix: wildcardSuffix(hostname), target }));
  return { mode, exactHosts, wildcardHosts };
}
