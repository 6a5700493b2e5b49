import { hostnameRank, isWildcard, wildcardSuffix } from '../hostname/hostname-match';
import type { TlsListenerMode, TlsRouteTable, TlsRouteTarget } from '../routing-table/routing-table';
import type { AttachedTlsRoute } from './tls-routes';

/**
 * The SNI table of one TLS listener. When two TLSRoutes serve the same hostname on a listener, the one whose own
 * hostname is more specific keeps it (an exact `abc.example.com` before a `*.example.com` that the listener narrowed
 * to it, as HTTPRoute hostnames rank), then the oldest — the Gateway API's conflict rule for routes ("the oldest Route
 * based on creation timestamp", then alphabetical; routes come in that order). Wildcards are sorted longest suffix
 * first so the most specific one answers.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#tlsroutespec
 */
export function buildTlsRouteTable(mode: TlsListenerMode, attached: readonly AttachedTlsRoute[]): TlsRouteTable {
  const exact = new Map<string, TlsRouteTarget>();
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
      const table = isWildcard(h.hostname) ? wildcards : exact;
      const held = table.get(h.hostname);
      if (held === undefined || moreSpecific(target.routeHostname, held.routeHostname)) table.set(h.hostname, target);
    }
  }
  const wildcardHosts = [...wildcards.entries()]
    .sort(([x], [y]) => y.length - x.length || (x < y ? -1 : 1))
    .map(([hostname, target]) => ({ hostname, suffix: wildcardSuffix(hostname), target }));
  return { mode, exactHosts: Object.fromEntries(exact), wildcardHosts };
}

/** Ranks route hostnames like HTTPRoute's: more non-wildcard characters, then more characters. */
function moreSpecific(a: string, b: string): boolean {
  const [ra, rb] = [hostnameRank(a), hostnameRank(b)];
  return ra[0] > rb[0] || (ra[0] === rb[0] && ra[1] > rb[1]);
}
