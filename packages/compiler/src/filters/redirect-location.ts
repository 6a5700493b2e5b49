import type { RedirectAction } from '../routing-table/routing-table';
import { replacePath, splitQuery } from './replace-path';

export interface RedirectRequest {
  /** The scheme the client used to reach the listener. */
  scheme: 'http' | 'https';
  /** The request's host without its port (lower case). */
  host: string;
  /** The request target: path and query. */
  target: string;
  /** The port of the Gateway listener that received the request. */
  listenerPort: number;
  /** The matched PathPrefix without its trailing slash (for ReplacePrefixMatch). */
  matchedPrefix: string;
}

const WELL_KNOWN_PORT: Readonly<Record<string, number>> = { http: 80, https: 443 };

/**
 * The Location of a RequestRedirect. Scheme and hostname default to the request's; the port, when not set, is the
 * well-known port of the redirect's scheme if a scheme is set, else the listener's port; a port that is the
 * well-known one for the scheme is left out of the Location. The query string is kept.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter
 */
export function redirectLocation(action: RedirectAction, req: RedirectRequest): string {
  const scheme = action.scheme ?? req.scheme;
  const host = action.hostname ?? req.host;
  const port = action.port ?? (action.scheme !== null ? WELL_KNOWN_PORT[scheme] : req.listenerPort);
  const authority = port === undefined || port === WELL_KNOWN_PORT[scheme] ? host : `${host}:${port}`;
  const { path, query } = splitQuery(req.target);
  const newPath = action.path === null ? path : replacePath(path, action.path, req.matchedPrefix);
  return `${scheme}://${authority}${newPath}${query}`;
}
