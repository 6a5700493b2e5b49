import { describe, expect, it } from 'vitest';
import { classifyUpstreamError } from './upstream-errors';

const endpoint = { address: '10.0.0.5', port: 443 } as Parameters<typeof classifyUpstreamError>[2];
const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });

describe('classifyUpstreamError', () => {
  it('without any policy, suggests attaching one', () => {
    const f = classifyUpstreamError(reset, null, endpoint);
    expect(f).toMatchObject({ status: 502, code: 'upstream_not_http' });
    expect(f.reason).toMatch(/attach an UpstreamTLSPolicy/);
  });
  it('with a policy that names the port but is not Accepted, names the real cause instead', () => {
    const problem = 'UpstreamTLSPolicy httpbin/upstream-tls-policy-sample names this port but is not Accepted: Secret httpbin/https-cert not found';
    const f = classifyUpstreamError(reset, null, endpoint, problem);
    expect(f).toMatchObject({ status: 502, code: 'upstream_tls_policy_not_accepted' });
    expect(f.reason).toContain('Secret httpbin/https-cert not found');
    expect(f.reason).not.toMatch(/attach an/);
  });
  it('over TLS without a client certificate, a closed connection hints at the Gateway client certificate', () => {
    const tls = {
      policy: { group: 'gateway.networking.k8s.io', kind: 'BackendTLSPolicy', namespace: 'ns', name: 'p' },
      caPem: null, caSource: 'System', sni: 'abc.example.com', verifyHostname: true, subjectAltNames: [], clientCertPem: null, clientKeyPem: null,
    };
    expect(classifyUpstreamError(reset, tls, endpoint).reason).toBe("upstream 10.0.0.5:443 closed the connection (no client certificate was presented: if it requires one, set the Gateway's spec.tls.backend.clientCertificateRef)");
    expect(classifyUpstreamError(reset, { ...tls, clientCertPem: 'x', clientKeyPem: 'y' }, endpoint).reason).toBe('upstream 10.0.0.5:443 closed the connection');
  });
});
