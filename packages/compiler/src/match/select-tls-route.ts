import { normalizeRequestHost } from '../hostname/hostname-match';
import type { ListenerTable, PortTable, TlsRouteTarget } from '../routing-table/routing-table';
import { selectListenerForHost } from './match-request';

export interface TlsRouteSelection {
  listener: ListenerTable;
  target: TlsRouteTarget;
}

/**
 * The TLSRoute a ClientHello's server name reaches on a TLS port: the listener first (exact > longest wildcard >
 * no hostname, as for HTTPS), then on that listener the route hostname (exact > longest wildcard). Null when no
 * listener or no route serves the name — the connection is then closed. A missing SNI (`''`) matches no
 * route: TLSRoutes always have hostnames.
 */
export function selectTlsRoute(port: PortTable, serverName: string): TlsRouteSelection | null {
  if (port.protocol !== 'TLS') return null;
  const sni = normalizeRequestHost(serverName);
  const listener = selectListenerForHost(port, sni);
  const routes = listener?.tlsRoutes;
  if (listener == null || routes == null || sni === '') return null;
  const exact = routes.exactHosts[sni];
  if (exact !== undefined) return { listener, target: exact };
  for (const w of routes.wildcardHosts) {
    if (sni.length > w.suffix.length && sni.endsWith(w.suffix)) return { listener, target: w.target };
  }
  return null;
}
