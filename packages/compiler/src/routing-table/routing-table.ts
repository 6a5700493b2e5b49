/**
 * The compiled routing table: plain data, deep-frozen by compileSnapshot, swapped atomically by the worker.
 * Lookups on the hot path are property reads: port → listener (by request host) → a precomputed list of
 * match entries already sorted in Gateway API precedence order, so a request walks one array and stops
 * at the first entry that matches.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule (match precedence)
 */
export interface RoutingTable {
  readonly revision: number;
  readonly compiledAt: string;
  /** Keyed by the port number as a string. Only ports with at least one programmed listener. */
  readonly ports: Readonly<Record<string, PortTable>>;
  /** Every listener of every served Gateway (programmed or not), for reporting. */
  readonly listeners: readonly ListenerSummary[];
}

export interface ObjectKey {
  readonly namespace: string;
  readonly name: string;
}

export interface ListenerSummary {
  /** `ns/name` of the Gateway. */
  readonly gateway: string;
  /** `ns/name` of the ListenerSet that declares the listener (GEP-1713); absent for the Gateway's own listeners. */
  readonly listenerSet?: string;
  readonly listener: string;
  readonly port: number;
  readonly protocol: string;
  readonly hostname: string | null;
  readonly programmed: boolean;
  /** Why the listener is not programmed (the Programmed condition's message). */
  readonly reason: string | null;
}

/** Listener selection on one port: exact hostname > longest wildcard > no hostname (listener isolation). */
export interface PortTable {
  readonly port: number;
  /** Every programmed listener on a port shares its protocol (a different one is a ProtocolConflict), except HTTPS
   * listeners beside TLS Passthrough ones: such a port is `TLS` and its HTTPS listeners have `tlsRoutes: null`. */
  readonly protocol: PortProtocol;
  readonly exactHosts: Readonly<Record<string, ListenerTable>>;
  /** Sorted most specific (longest suffix) first. */
  readonly wildcardHosts: readonly ListenerTable[];
  readonly anyHost: ListenerTable | null;
}

/** One programmed listener and the routes attached to it, pre-sorted per request-host class. */
export interface ListenerTable {
  /** The Gateway whose address serves the listener. */
  readonly gateway: ObjectKey;
  /** The ListenerSet that declares the listener (GEP-1713); absent for the Gateway's own listeners. */
  readonly listenerSet?: ObjectKey;
  readonly listener: string;
  readonly port: number;
  readonly hostname: string | null;
  /** `.example.com` for `*.example.com`; null for exact or absent hostnames. */
  readonly wildcardSuffix: string | null;
  /** TLS termination (HTTPS listeners, TLS listeners in Terminate mode); null otherwise. */
  readonly tls: ListenerTls | null;
  /** Request host → every entry that serves it, sorted by precedence (route hostname specificity first). */
  readonly exactHosts: Readonly<Record<string, readonly MatchEntry[]>>;
  /** Effective wildcard hostnames, longest suffix first; each list also holds broader wildcards and host-less routes. */
  readonly wildcardHosts: readonly WildcardHostEntries[];
  /** Entries for hosts no route names: routes without hostnames. */
  readonly anyHost: readonly MatchEntry[];
  /** The Gateway's spec.tls.backend client certificate, presented when TLS to a backend has none of its own. */
  readonly backendClientCertificate: BackendClientCertificate | null;
  /** TLS listeners: the attached TLSRoutes by server name; null on HTTP and HTTPS listeners. */
  readonly tlsRoutes: TlsRouteTable | null;
}

/**
 * The TLSRoutes of one `protocol: TLS` listener, chosen by the ClientHello's server name (SNI): an exact hostname
 * first, then the longest wildcard suffix. TLSRoutes always name hostnames (the CRD requires 1–1024), so a
 * connection without SNI, or with a name no route serves, matches nothing and is closed.
 * Passthrough: the connection's bytes go to the backend untouched (the backend's certificate answers the client).
 * Terminate: the listener's certificate (`ListenerTable.tls`) answers, the decrypted stream goes to the backend.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#tlsroutespec
 */
export interface TlsRouteTable {
  readonly mode: TlsListenerMode;
  readonly exactHosts: Readonly<Record<string, TlsRouteTarget>>;
  /** Sorted most specific (longest suffix) first. */
  readonly wildcardHosts: ReadonlyArray<{ readonly hostname: string; readonly suffix: string; readonly target: TlsRouteTarget }>;
}

export type TlsListenerMode = 'Passthrough' | 'Terminate';

/** Where the connections of one TLSRoute go: its one rule's backends, picked by weight per connection. */
export interface TlsRouteTarget {
  readonly route: ObjectKey;
  /** The route's own hostname this entry came from (a listener wildcard may narrow it). */
  readonly routeHostname: string;
  readonly ruleName: string | null;
  /** Invalid backends keep their weight: a connection that picks one is closed ("rejected in proportion"). */
  readonly backends: readonly BackendTarget[];
  /** Sum of the backend weights; 0 → every connection is closed. */
  readonly totalWeight: number;
}

/** A Gateway's client certificate for TLS to backends (spec.tls.backend.clientCertificateRef, GEP-3155). */
export interface BackendClientCertificate {
  readonly gateway: ObjectKey;
  /** `ns/name` of the Secret, for error messages. */
  readonly source: string;
  readonly certPem: string;
  readonly keyPem: string;
}

/** TLS: TLSRoute listeners (passthrough or terminated) chosen by SNI, possibly beside HTTPS listeners (TLS Passthrough only). */
export type PortProtocol = 'HTTP' | 'HTTPS' | 'TLS';

/**
 * What an engine needs to terminate TLS for one HTTPS listener: the serving certificates (PEM, in certificateRefs
 * order; the engine picks the one whose SAN matches the SNI, else the first) and client certificate validation.
 * The compiler only checks the PEM structure; an engine that cannot load a pair skips it and logs why.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenertlsconfig
 */
export interface ListenerTls {
  readonly certificates: readonly ServingCertificate[];
  readonly frontendValidation: FrontendValidation | null;
}

export interface ServingCertificate {
  /** The Secret it came from, for logs and errors. */
  readonly secret: ObjectKey;
  readonly certPem: string;
  readonly keyPem: string;
}

/**
 * Client certificate validation (Gateway `spec.tls.frontend`, GEP-91). AllowValidOnly: a connection without a
 * client certificate that verifies against `caPem` is refused. AllowInsecureFallback: the certificate is asked
 * for, and the connection is accepted whatever the outcome.
 */
export interface FrontendValidation {
  readonly mode: 'AllowValidOnly' | 'AllowInsecureFallback';
  /** PEM bundle of every valid caCertificateRef. */
  readonly caPem: string;
  /** `Kind ns/name` of each CA used, for logs. */
  readonly caSources: readonly string[];
}

export interface WildcardHostEntries {
  readonly hostname: string;
  readonly suffix: string;
  readonly entries: readonly MatchEntry[];
}

export type PathMatchType = 'Exact' | 'PathPrefix' | 'RegularExpression';
export type ValueMatchType = 'Exact' | 'RegularExpression';

export interface HeaderMatch {
  /** Lower case. */
  readonly name: string;
  readonly type: ValueMatchType;
  readonly value: string;
}

export interface QueryParamMatch {
  readonly name: string;
  readonly type: ValueMatchType;
  readonly value: string;
}

/** One HTTPRouteMatch of one rule; matches of a rule are ORed, so each is its own entry. */
export interface MatchEntry {
  readonly route: ObjectKey;
  /** The route's own hostname through which this entry applies; null when the route has no hostnames. */
  readonly routeHostname: string | null;
  /** [non-wildcard characters, characters] of routeHostname: the first precedence criteria across routes. */
  readonly hostRank: readonly [number, number];
  readonly ruleIndex: number;
  readonly matchIndex: number;
  readonly pathType: PathMatchType;
  /** As written (precedence counts its characters). */
  readonly pathValue: string;
  /** PathPrefix without its trailing slash ("a trailing / is ignored"); '' for the prefix "/". */
  readonly pathPrefix: string;
  readonly method: string | null;
  readonly headers: readonly HeaderMatch[];
  readonly queryParams: readonly QueryParamMatch[];
  /** Route creation time (ms since epoch), for the "oldest route" tie-break shown in explanations. */
  readonly routeCreatedAt: number;
  readonly rule: RuleTarget;
}

/** What to do with a request once a rule is chosen. Shared by all entries of the rule. */
export interface RuleTarget {
  readonly route: ObjectKey;
  readonly ruleIndex: number;
  readonly ruleName: string | null;
  /** A fixed response instead of forwarding (no valid backends, unsupported filter). */
  readonly fixedResponse: FixedResponse | null;
  readonly backends: readonly BackendTarget[];
  /** Sum of all backend weights (valid and invalid); 0 → fixedResponse is set. */
  readonly totalWeight: number;
  /** The rule's filters, compiled; null when it has none (the hot path skips all filter work). */
  readonly filters: RouteFilters | null;
  /** HTTPRouteTimeouts in milliseconds; null = no timeout of that kind ("0s" also means none). */
  readonly timeouts: RouteTimeouts;
  /** HTTPRouteRetry; null = no retries. */
  readonly retry: RouteRetry | null;
}

export interface RouteTimeouts {
  /** From the request's arrival to the end of the response (GEP-1742 `request`). */
  readonly requestMs: number | null;
  /** One exchange with one backend, each retry included on its own (GEP-1742 `backendRequest`). */
  readonly backendRequestMs: number | null;
}

/** GEP-1731: `attempts` retries after the first try, on the listed status codes and on connection errors. */
export interface RouteRetry {
  readonly attempts: number;
  /** Status codes that cause a retry; empty = the GEP's default set (every 5xx the backend sends). */
  readonly codes: readonly number[];
  readonly backoffMs: number;
}

/**
 * The filters of a rule or of one backendRef, in engine-neutral form: data only, applied by the engine (the Node
 * engine through `@gatehouse/compiler/filters`, the same functions the simulator uses).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutefilter
 */
export interface RouteFilters {
  readonly requestHeaders: HeaderEdits | null;
  readonly responseHeaders: HeaderEdits | null;
  readonly redirect: RedirectAction | null;
  readonly rewrite: RewriteAction | null;
  readonly mirrors: readonly MirrorTarget[];
  readonly cors: CorsPolicy | null;
}

/** HTTPHeaderFilter: names as written for set/add (sent in that case), lower case for remove. */
export interface HeaderEdits {
  readonly set: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly add: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly remove: readonly string[];
}

export interface PathModifier {
  readonly type: 'ReplaceFullPath' | 'ReplacePrefixMatch';
  readonly value: string;
}

export interface RedirectAction {
  readonly scheme: 'http' | 'https' | null;
  readonly hostname: string | null;
  readonly port: number | null;
  readonly path: PathModifier | null;
  readonly statusCode: number;
}

export interface RewriteAction {
  readonly hostname: string | null;
  readonly path: PathModifier | null;
}

/** One RequestMirror: the backend to copy requests to and the share of requests copied (numerator/denominator). */
export interface MirrorTarget {
  readonly backend: ServiceBackend;
  readonly numerator: number;
  readonly denominator: number;
}

/** HTTPCORSFilter with its defaults applied. */
export interface CorsPolicy {
  readonly allowOrigins: readonly string[];
  readonly allowCredentials: boolean;
  readonly allowMethods: readonly string[];
  /** Lower case. */
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds: number;
}

export interface FixedResponse {
  readonly status: number;
  readonly code: string;
  readonly reason: string;
}

export type BackendTarget = ServiceBackend | InvalidBackend;

export interface ServiceBackend {
  readonly kind: 'service';
  readonly weight: number;
  readonly service: ObjectKey;
  /** The Service port (not the target port). */
  readonly port: number;
  readonly portName: string;
  /** Ready endpoints only; empty → 503. */
  readonly endpoints: readonly Endpoint[];
  /** Why there are no endpoints, when there are none. */
  readonly noEndpointsReason: string | null;
  readonly tls: UpstreamTls | null;
  /** When `tls` is null although a policy names this port: why that policy does not apply (its condition message). */
  readonly tlsProblem: string | null;
  /** The backendRef's own filters, applied after the rule's; null when it has none. */
  readonly filters: RouteFilters | null;
  /**
   * How to speak to the endpoints: HTTP/1.1 (with upgrades), or HTTP/2 with prior knowledge when the Service port's
   * appProtocol is `kubernetes.io/h2c` (GEP-1911). TLS backends negotiate by ALPN.
   */
  readonly protocol: 'http1' | 'h2c';
}

/** A backendRef that did not resolve: requests that pick it get a 500 ("in proportion to its weight"). */
export interface InvalidBackend {
  readonly kind: 'invalid';
  readonly weight: number;
  readonly ref: string;
  readonly reason: string;
}

export interface Endpoint {
  readonly address: string;
  /** The endpoint's own port (EndpointSlice port matched to the Service port by name). */
  readonly port: number;
}

/** How the worker speaks TLS to one backend, compiled from an UpstreamTLSPolicy or a BackendTLSPolicy. */
export interface UpstreamTls {
  readonly policy: { readonly group: string; readonly kind: string; readonly namespace: string; readonly name: string };
  /** PEM bundle of trusted CAs; null = the runtime's default roots (wellKnownCACertificates: System). */
  readonly caPem: string | null;
  /** Where the CA came from, for error messages: `httpbin/https-cert` or `System`. */
  readonly caSource: string;
  /** SNI to send; null = none. */
  readonly sni: string | null;
  /** Check the certificate's name (against `sni`, or any of `subjectAltNames` when set). */
  readonly verifyHostname: boolean;
  readonly subjectAltNames: ReadonlyArray<{ readonly type: 'Hostname' | 'URI'; readonly value: string }>;
  /** Client certificate for mTLS (UpstreamTLSPolicy mTLS: true). */
  readonly clientCertPem: string | null;
  readonly clientKeyPem: string | null;
}
