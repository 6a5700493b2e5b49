/**
 * Hostname rules of the Gateway API.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#hostname
 * A wildcard `*.example.com` matches one or more DNS labels in front of `example.com`
 * (`a.example.com`, `a.b.example.com`) but never the bare parent `example.com`.
 */

export function isWildcard(hostname: string): boolean {
  return hostname.startsWith('*.');
}

/** `*.example.com` → `.example.com` (the suffix a matching host must end with). */
export function wildcardSuffix(hostname: string): string {
  return hostname.slice(1);
}

/** Does `host` (a concrete name) match `pattern` (exact or wildcard)? Both lower case. */
export function hostnameMatches(pattern: string, host: string): boolean {
  if (!isWildcard(pattern)) return pattern === host;
  const suffix = pattern.slice(1);
  return host.length > suffix.length && host.endsWith(suffix);
}

/** Counts DNS labels; used to order wildcards (more labels = more specific). */
export function labelCount(hostname: string): number {
  let n = 1;
  for (let i = 0; i < hostname.length; i++) if (hostname.charCodeAt(i) === 46 /* . */) n++;
  return n;
}

/** One hostname a route serves on a listener, and the route's own hostname it came from. */
export interface EffectiveHostname {
  /** The hostname requests are matched against (after intersecting with the listener's). */
  hostname: string;
  /** The route's own hostname that produced it (null when the route has none): ranks the route. */
  routeHostname: string | null;
}

/**
 * The hostnames a route serves on a listener: the intersection of the listener's hostname and the route's
 * hostnames. `[]` means "any host"; `null` means the two do not intersect (Accepted=False,
 * NoMatchingListenerHostname).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec (hostnames)
 */
export function intersectHostnames(listenerHostname: string | undefined, routeHostnames: readonly string[]): EffectiveHostname[] | null {
  if (listenerHostname === undefined) return [...new Set(routeHostnames)].map((h) => ({ hostname: h, routeHostname: h }));
  if (routeHostnames.length === 0) return [{ hostname: listenerHostname, routeHostname: null }];
  const out = new Map<string, EffectiveHostname>();
  const add = (hostname: string, routeHostname: string): void => {
    if (!out.has(hostname)) out.set(hostname, { hostname, routeHostname });
  };
  for (const r of routeHostnames) {
    if (r === listenerHostname) add(r, r);
    else if (!isWildcard(r) && hostnameMatches(listenerHostname, r)) add(r, r);
    // A route wildcard that covers the listener's hostname narrows to the listener's hostname.
    else if (isWildcard(r) && !isWildcard(listenerHostname) && hostnameMatches(r, listenerHostname)) add(listenerHostname, r);
    else if (isWildcard(r) && isWildcard(listenerHostname)) {
      if (hostnameMatches(listenerHostname, r.slice(2))) add(r, r); // route wildcard is narrower
      else if (hostnameMatches(r, listenerHostname.slice(2))) add(listenerHostname, r); // listener wildcard is narrower
    }
  }
  return out.size === 0 ? null : [...out.values()];
}

/**
 * Ranks a route by the hostname through which it matches: "precedence must be given to rules from the
 * HTTPRoute with the largest number of: characters in a matching non-wildcard hostname; characters in a
 * matching hostname". Returns [non-wildcard characters, characters]; a route without hostnames is [0, 0].
 */
export function hostnameRank(routeHostname: string | null): [number, number] {
  if (routeHostname === null) return [0, 0];
  return isWildcard(routeHostname) ? [0, routeHostname.length] : [routeHostname.length, routeHostname.length];
}

/**
 * The host of a request for matching: lower case, without the port ("the port in the Host header is
 * ignored") and without a trailing dot.
 */
export function normalizeRequestHost(host: string | undefined): string {
  if (host === undefined || host === '') return '';
  let h = host;
  if (h.charCodeAt(0) === 91 /* [ */) {
    const end = h.indexOf(']');
    h = end > 0 ? h.slice(0, end + 1) : h;
  } else {
    const colon = h.indexOf(':');
    if (colon >= 0) h = h.slice(0, colon);
  }
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h.toLowerCase();
}
