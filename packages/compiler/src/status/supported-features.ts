/**
 * The Gateway API features this worker implements, named exactly as gateway-api v1.6 `pkg/features` names them,
 * for GatewayClass `status.supportedFeatures` ("MUST be sorted in ascending alphabetical order by the Name key").
 * A name belongs here only once the data plane really does it, and the conformance tests that carry the feature
 * could pass: this list MUST grow with the features (add the name in the change that lands the feature) and never
 * run ahead of them. Not here yet, on purpose: filters (header modifiers, redirects, rewrites, mirrors), timeouts,
 * HTTPS listeners, GatewayHTTPListenerIsolation (not yet checked against its conformance test).
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
  'HTTPRouteMethodMatching',
  'HTTPRouteQueryParamMatching',
] as const;

export type SupportedFeatureName = (typeof FEATURES)[number];

/** The names, sorted ascending (code-point order, as Go's sort.Strings). */
export const SUPPORTED_FEATURE_NAMES: readonly SupportedFeatureName[] = Object.freeze([...FEATURES].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

/** `status.supportedFeatures` as GatewayClass v1.6 carries it: a list of `{name}` objects. */
export function supportedFeaturesStatus(): Array<{ name: SupportedFeatureName }> {
  return SUPPORTED_FEATURE_NAMES.map((name) => ({ name }));
}
