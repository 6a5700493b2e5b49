import { SUPPORTED_FEATURE_NAMES, type SupportedFeatureName } from '../status/supported-features';
import { DEFAULT_ENGINE, ENGINE_NAMES, type EngineName } from './engine-name';

/**
 * What each data-plane engine implements: THE one place to change when an engine learns (or drops) something.
 * Two views of the same facts:
 * - `features`: Gateway API feature names (gateway-api v1.6.1 `pkg/features`) for GatewayClass
 *   `status.supportedFeatures` — every feature the Node engine has (supported-features.ts), minus the ones listed
 *   here as missing, each with the reason.
 * - `constructs`: the routing-table constructs the compiler checks per rule, backend and listener, so that a table
 *   compiled for an engine holds only what that engine can enforce (rule-support.ts); anything else becomes a
 *   500 with a condition naming it, never a silently different data plane.
 * `true` = implemented; a string = not implemented, and why (it ends up in conditions and 500 reasons).
 *
 * HAProxy: Debian's 2.6 (issue 13). Planned support, which apps/worker/src/engines/haproxy builds to: host/path/method/
 * header/query matches, weights, header modifiers, redirects, URL rewrites, CORS, request mirrors (a Lua filter and the
 * Lua HTTP client, apps/worker/src/engines/haproxy/render/mirror.ts), backendRequest timeouts, retries on the
 * status codes `retry-on` knows, h2c and WebSocket backends, HTTPS listeners with SNI, client certificates both ways,
 * UpstreamTLSPolicy (chain only: `ssl verify required ca-file` without `verifyhost`) and BackendTLSPolicy with one
 * hostname (`sni` + `verifyhost`), ListenerSets, addresses, TLS listeners (TLSRoute) in Passthrough and Terminate mode
 * (`mode tcp` frontends routing on the ClientHello's server name, apps/worker/src/engines/haproxy/render/tls-listeners.ts).
 */
export const TABLE_CONSTRUCTS = [
  'pathExact',
  'pathPrefix',
  'pathRegularExpression',
  'methodMatch',
  'headerMatchExact',
  'headerMatchRegularExpression',
  'queryParamMatchExact',
  'queryParamMatchRegularExpression',
  'weightedBackends',
  'requestHeaderModifier',
  'responseHeaderModifier',
  'requestRedirect',
  'urlRewrite',
  'requestMirror',
  'cors',
  'requestTimeout',
  'backendRequestTimeout',
  'retry',
  'retryBackoff',
  'retryOnBackendTimeout',
  'backendH2c',
  'upstreamTlsPolicy',
  'backendTlsPolicy',
  'backendTlsSubjectAltNames',
  'httpsListener',
  'frontendValidationAllowValidOnly',
  'frontendValidationAllowInsecureFallback',
  'tlsListenerPassthrough',
  'tlsListenerTerminate',
] as const;

export type TableConstruct = (typeof TABLE_CONSTRUCTS)[number];

export interface ConstructInfo {
  /** How conditions and 500 reasons name it. */
  readonly label: string;
  /** The Gateway API feature it belongs to (pkg/features name), shown beside the label. */
  readonly feature: SupportedFeatureName;
}

/** Names for messages; the feature is the one whose conformance tests exercise the construct. */
export const CONSTRUCT_INFO: Readonly<Record<TableConstruct, ConstructInfo>> = {
  pathExact: { label: 'Exact path match', feature: 'HTTPRoute' },
  pathPrefix: { label: 'PathPrefix path match', feature: 'HTTPRoute' },
  pathRegularExpression: { label: 'RegularExpression path match', feature: 'HTTPRoute' },
  methodMatch: { label: 'method match', feature: 'HTTPRouteMethodMatching' },
  headerMatchExact: { label: 'Exact header match', feature: 'HTTPRoute' },
  headerMatchRegularExpression: { label: 'RegularExpression header match', feature: 'HTTPRoute' },
  queryParamMatchExact: { label: 'Exact query parameter match', feature: 'HTTPRouteQueryParamMatching' },
  queryParamMatchRegularExpression: { label: 'RegularExpression query parameter match', feature: 'HTTPRouteQueryParamMatching' },
  weightedBackends: { label: 'weighted backendRefs', feature: 'HTTPRoute' },
  requestHeaderModifier: { label: 'RequestHeaderModifier filter', feature: 'HTTPRoute' },
  responseHeaderModifier: { label: 'ResponseHeaderModifier filter', feature: 'HTTPRouteResponseHeaderModification' },
  requestRedirect: { label: 'RequestRedirect filter', feature: 'HTTPRoute' },
  urlRewrite: { label: 'URLRewrite filter', feature: 'HTTPRoutePathRewrite' },
  requestMirror: { label: 'RequestMirror filter', feature: 'HTTPRouteRequestMirror' },
  cors: { label: 'CORS filter', feature: 'HTTPRouteCORS' },
  requestTimeout: { label: 'timeouts.request', feature: 'HTTPRouteRequestTimeout' },
  backendRequestTimeout: { label: 'timeouts.backendRequest', feature: 'HTTPRouteBackendTimeout' },
  retry: { label: 'retry', feature: 'HTTPRouteRetry' },
  retryBackoff: { label: 'retry.backoff', feature: 'HTTPRouteRetry' },
  retryOnBackendTimeout: { label: 'retry with timeouts.backendRequest', feature: 'HTTPRouteRetryBackendTimeout' },
  backendH2c: { label: 'h2c backend (appProtocol kubernetes.io/h2c)', feature: 'HTTPRouteBackendProtocolH2C' },
  upstreamTlsPolicy: { label: 'UpstreamTLSPolicy', feature: 'HTTPRoute' },
  backendTlsPolicy: { label: 'BackendTLSPolicy', feature: 'BackendTLSPolicy' },
  backendTlsSubjectAltNames: { label: 'BackendTLSPolicy subjectAltNames', feature: 'BackendTLSPolicySANValidation' },
  httpsListener: { label: 'HTTPS listener', feature: 'Gateway' },
  frontendValidationAllowValidOnly: { label: 'client certificate validation (AllowValidOnly)', feature: 'GatewayFrontendClientCertificateValidation' },
  frontendValidationAllowInsecureFallback: { label: 'client certificate validation (AllowInsecureFallback)', feature: 'GatewayFrontendClientCertificateValidationInsecureFallback' },
  tlsListenerPassthrough: { label: 'TLS listener in Passthrough mode', feature: 'TLSRoute' },
  tlsListenerTerminate: { label: 'TLS listener in Terminate mode', feature: 'TLSRouteModeTerminate' },
};

export type Support = true | string;

export interface EngineSupport {
  /** Features of the full list (the Node engine's) this engine lacks, with the reason. */
  readonly missingFeatures: Readonly<Partial<Record<SupportedFeatureName, string>>>;
  readonly constructs: Readonly<Record<TableConstruct, Support>>;
  /** `retry.codes` this engine can retry on; 'any' = every code. Other codes make the rule unsupported. */
  readonly retryStatusCodes: readonly number[] | 'any';
}

const ALL_CONSTRUCTS = Object.fromEntries(TABLE_CONSTRUCTS.map((c) => [c, true])) as Record<TableConstruct, Support>;

/**
 * timeouts.request is one deadline from the request to the end of the response, retries included (gateway-api v1.6.1
 * HTTPRouteTimeouts; the Node engine answers 504 request_timeout, or cuts a response still streaming, when it
 * passes). HAProxy 2.6 has no such timer: `timeout server` and `http-request set-timeout server` are inactivity
 * timeouts that each byte re-arms and each retry restarts; `timeout connect`/`queue`/`http-request` cover one phase;
 * there is no `set-timeout` for the response phase and no Lua filter API in 2.6 to cut a stream later. Measured on
 * 2.6.12 with a 300 ms server timeout: an upstream answering after 700 ms with `retries 2 retry-on response-timeout`
 * got its 504 after 0.91 s (3 × 300 ms), and one sending a byte every 100 ms for 1.2 s was served whole (200 after
 * 1.21 s) — the Node engine answers both at 300 ms.
 */
const NO_REQUEST_DEADLINE =
  'HAProxy 2.6 has no whole-request deadline: its server timeout is per inactivity (a trickling upstream never trips it) and restarts on every retry';

/**
 * HAProxy's `retry-on` takes only these status codes (HAProxy 2.6 configuration.txt, "retry-on": 401 403 404 408 425
 * 500 501 502 503 504), plus `conn-failure`/`empty-response` (connection errors) and `response-timeout` (the server
 * timeout, i.e. timeouts.backendRequest, fired).
 */
const HAPROXY_RETRY_CODES = [401, 403, 404, 408, 425, 500, 501, 502, 503, 504] as const;

export const ENGINE_SUPPORT: Readonly<Record<EngineName, EngineSupport>> = {
  node: { missingFeatures: {}, constructs: ALL_CONSTRUCTS, retryStatusCodes: 'any' },
  haproxy: {
    missingFeatures: {
      HTTPRouteRequestTimeout: NO_REQUEST_DEADLINE,
      BackendTLSPolicySANValidation: 'HAProxy 2.6 verifies one name per server (`verifyhost`), not a list of subjectAltNames or URI SANs',
    },
    constructs: {
      ...ALL_CONSTRUCTS,
      requestTimeout: NO_REQUEST_DEADLINE,
      retryBackoff: 'HAProxy retries at once (no wait between attempts); only an unset or zero backoff is kept',
      backendTlsSubjectAltNames: 'HAProxy 2.6 verifies one name per server (`verifyhost`), not a list of subjectAltNames or URI SANs',
    },
    retryStatusCodes: HAPROXY_RETRY_CODES,
  },
};

export function engineSupport(engine: EngineName = DEFAULT_ENGINE): EngineSupport {
  return ENGINE_SUPPORT[engine];
}

/** `true`, or why the engine does not implement the construct. */
export function constructSupport(engine: EngineName, construct: TableConstruct): Support {
  return ENGINE_SUPPORT[engine].constructs[construct];
}

/** "RequestMirror filter (HTTPRouteRequestMirror) is not supported by the haproxy engine: <why>". */
export function describeUnsupported(engine: EngineName, construct: TableConstruct): string {
  const why = constructSupport(engine, construct);
  const info = CONSTRUCT_INFO[construct];
  return `${info.label} (${info.feature}) is not supported by the ${engine} engine${why === true ? '' : `: ${why}`}`;
}

const FEATURES_BY_ENGINE: Readonly<Record<EngineName, readonly SupportedFeatureName[]>> = Object.fromEntries(
  ENGINE_NAMES.map((e) => [e, Object.freeze(SUPPORTED_FEATURE_NAMES.filter((f) => ENGINE_SUPPORT[e].missingFeatures[f] === undefined))]),
) as Record<EngineName, readonly SupportedFeatureName[]>;

/** The engine's feature names, sorted ascending (SUPPORTED_FEATURE_NAMES' order is kept by the filter). */
export function supportedFeatureNames(engine: EngineName = DEFAULT_ENGINE): readonly SupportedFeatureName[] {
  return FEATURES_BY_ENGINE[engine];
}

/**
 * GatewayClass `status.supportedFeatures` for the engine enforcing the table: `{name}` objects, "sorted in ascending
 * alphabetical order by the Name key" (gateway-api v1.6.1 gatewayclass_types.go, SupportedFeatures).
 */
export function supportedFeaturesStatus(engine: EngineName = DEFAULT_ENGINE): Array<{ name: SupportedFeatureName }> {
  return supportedFeatureNames(engine).map((name) => ({ name }));
}
