import { describe, expect, it } from 'vitest';
import { SUPPORTED_FEATURE_NAMES } from '../status/supported-features';
import { ENGINE_NAMES } from './engine-name';
import { CONSTRUCT_INFO, constructSupport, ENGINE_SUPPORT, supportedFeatureNames, supportedFeaturesStatus, TABLE_CONSTRUCTS } from './engine-support';

/** What issue 13 plans HAProxy 2.6 NOT to do; everything else the Node engine does, HAProxy does too. */
const NOT_ON_HAPROXY = [
  'BackendTLSPolicySANValidation',
  'HTTPRouteRequestTimeout',
];

describe('engine support table', () => {
  it('node: every feature and construct, any retry code — GatewayClass status as before engines existed', () => {
    expect(supportedFeatureNames('node')).toEqual(SUPPORTED_FEATURE_NAMES);
    expect(supportedFeaturesStatus()).toEqual(SUPPORTED_FEATURE_NAMES.map((name) => ({ name })));
    for (const c of TABLE_CONSTRUCTS) expect(constructSupport('node', c), c).toBe(true);
    expect(ENGINE_SUPPORT.node.retryStatusCodes).toBe('any');
  });

  it('haproxy: the Node engine\'s features minus exactly the planned gaps, still sorted', () => {
    const names = supportedFeatureNames('haproxy');
    expect([...SUPPORTED_FEATURE_NAMES].filter((f) => !names.includes(f))).toEqual(NOT_ON_HAPROXY);
    expect([...names]).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['BackendTLSPolicy', 'HTTPRouteCORS', 'GatewayBackendClientCertificate', 'GatewayFrontendClientCertificateValidation', 'GatewayFrontendClientCertificateValidationInsecureFallback', 'GatewayPort8080', 'GatewayStaticAddresses', 'HTTPRouteBackendProtocolH2C', 'HTTPRouteBackendProtocolWebSocket', 'HTTPRouteBackendTimeout', 'HTTPRouteRequestMirror', 'HTTPRouteRequestMultipleMirrors', 'HTTPRouteRequestPercentageMirror', 'HTTPRouteRetry', 'HTTPRouteRetryConnectionError', 'ListenerSet', 'TLSRoute', 'TLSRouteModeTerminate']));
    expect(supportedFeaturesStatus('haproxy')).toEqual(names.map((name) => ({ name })));
  });

  it('haproxy: retries only on the status codes HAProxy 2.6 retry-on knows, with no backoff', () => {
    expect(ENGINE_SUPPORT.haproxy.retryStatusCodes).toEqual([401, 403, 404, 408, 425, 500, 501, 502, 503, 504]);
    expect(constructSupport('haproxy', 'retry')).toBe(true);
    expect(constructSupport('haproxy', 'retryBackoff')).toMatch(/no wait between attempts/);
  });

  it('haproxy: the constructs it lacks, each with a reason', () => {
    const missing = TABLE_CONSTRUCTS.filter((c) => constructSupport('haproxy', c) !== true);
    expect(missing).toEqual(['requestTimeout', 'retryBackoff', 'backendTlsSubjectAltNames']);
    // RequestMirror: a Lua filter and the Lua HTTP client (apps/worker/src/engines/haproxy/render/mirror.ts).
    expect(constructSupport('haproxy', 'requestMirror')).toBe(true);
    expect(constructSupport('haproxy', 'tlsListenerPassthrough')).toBe(true);
    expect(constructSupport('haproxy', 'tlsListenerTerminate')).toBe(true);
    for (const c of missing) expect(String(constructSupport('haproxy', c)).length).toBeGreaterThan(10);
    expect(constructSupport('haproxy', 'cors')).toBe(true);
    // timeouts.request stays out: HAProxy 2.6's server timeout is per inactivity and restarts on each retry.
    expect(constructSupport('haproxy', 'requestTimeout')).toMatch(/inactivity.*retry/);
  });

  it('is consistent: a construct belonging to a feature an engine lacks is refused by that engine, so the compiler enforces the gap', () => {
    for (const engine of ENGINE_NAMES) {
      const lacking = Object.keys(ENGINE_SUPPORT[engine].missingFeatures);
      for (const c of TABLE_CONSTRUCTS) {
        if (lacking.includes(CONSTRUCT_INFO[c].feature)) expect(constructSupport(engine, c), `${engine} ${c}`).not.toBe(true);
      }
      // And every lacking feature is a real feature name with a reason.
      for (const f of lacking) expect(SUPPORTED_FEATURE_NAMES).toContain(f);
    }
  });
});
