/**
 * The Gateway API features the Node engine implements (every engine's features are this list minus what
 * engines/engine-support.ts says it lacks), named exactly as gateway-api v1.6 `pkg/features` names them, for
 * GatewayClass `status.supportedFeatures` ("MUST be sorted in ascending alphabetical order by the Name key").
 * A name belongs here only once the data plane really does it, and the conformance tests that carry the feature
 * could pass: this list MUST grow with the features (add the name in the change that lands the feature) and never
 * run ahead of them. Not here, on purpose: GatewayInfrastructurePropagation (one worker Deployment serves every
 * Gateway of the class; there is no per-Gateway Service or Deployment to carry spec.infrastructure).
 * @see https://github.com/kubernetes-sigs/gateway-api/tree/v1.6.1/pkg/features
 */
const FEATURES = [
  // Core: HTTP listeners, HTTPRoute path/header matching, cross-namespace references with ReferenceGrant.
  'Gateway',
  'HTTPRoute',
  'ReferenceGrant',
  // TLS listeners with TLSRoute: Passthrough by SNI (core of the TLSRoute profile) and Terminate (extended, standard
  // channel). Not TLSRouteModeMixed (experimental): both modes on one port are a ProtocolConflict here.
  'TLSRoute',
  'TLSRouteModeTerminate',
  // Extended, as implemented.
  'BackendTLSPolicy',
  'BackendTLSPolicySANValidation',
  'GatewayBackendClientCertificate',
  'GatewayPort8080',
  // spec.addresses judged against the worker's own addresses (GATEHOUSE_GATEWAY_ADDRESSES / POD_IP): gateway-addresses.ts.
  'GatewayStaticAddresses',
  'GatewayAddressEmpty',
  // HTTPS listeners: the most specific listener handles a request; 421 when SNI and Host disagree is part of it.
  'GatewayHTTPListenerIsolation',
  'GatewayFrontendClientCertificateValidation',
  'GatewayFrontendClientCertificateValidationInsecureFallback',
  'HTTPRouteMethodMatching',
  'HTTPRouteQueryParamMatching',
  // parentRef.port selects listeners by port; a port no listener has is NoMatchingParent.
  'HTTPRouteParentRefPort',
  'HTTPRouteDestinationPortMatching',
  'HTTPRouteNamedRouteRule',
  // Filters (packages/compiler/src/filters, applied by the worker's request path).
  'HTTPRouteResponseHeaderModification',
  'HTTPRouteBackendRequestHeaderModification',
  'HTTPRoutePortRedirect',
  'HTTPRouteSchemeRedirect',
  'HTTPRoutePathRedirect',
  'HTTPRoute303RedirectStatusCode',
  'HTTPRoute307RedirectStatusCode',
  'HTTPRoute308RedirectStatusCode',
  'HTTPRouteHostRewrite',
  'HTTPRoutePathRewrite',
  'HTTPRouteBackendURLRewrite',
  'HTTPRouteBackendRequestRedirect',
  'HTTPRouteRequestMirror',
  'HTTPRouteRequestMultipleMirrors',
  'HTTPRouteRequestPercentageMirror',
  'HTTPRouteCORS',
  // Timeouts and retries (proxy-exchange.ts).
  'HTTPRouteRequestTimeout',
  'HTTPRouteBackendTimeout',
  'HTTPRouteRetry',
  'HTTPRouteRetryBackendTimeout',
  'HTTPRouteRetryConnectionError',
  // Backend protocols (GEP-1911): h2c by appProtocol, upgrades proxied both ways.
  'HTTPRouteBackendProtocolH2C',
  'HTTPRouteBackendProtocolWebSocket',
  // ListenerSets (GEP-1713): allowedListeners, merged listeners with conflicts, routes by parentRef kind ListenerSet.
  'ListenerSet',
] as const;

export type SupportedFeatureName = (typeof FEATURES)[number];

/** The names, sorted ascending (code-point order, as Go's sort.Strings). */
export const SUPPORTED_FEATURE_NAMES: readonly SupportedFeatureName[] = Object.freeze([...FEATURES].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
