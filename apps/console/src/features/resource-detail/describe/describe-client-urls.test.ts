import { describe, expect, it } from 'vitest';
import { clientUrls } from './describe-client-urls';

const gw = { namespace: 'httpbin', name: 'simple-fsm-gateway', listeners: [{ name: 'http', port: 8000, protocol: 'HTTP' }, { name: 'other', port: 9000, protocol: 'HTTP', hostname: 'api.example.com' }] };
const worker = (address: string, state = 'serving') => ({ name: 'w', address, listeners: [{ gateway: 'httpbin/simple-fsm-gateway', listener: 'http', port: 8000, state }] });

describe('clientUrls', () => {
  it('uses the page\'s host for a worker bound to loopback, and a route\'s hostname as the Host header', () => {
    const [http] = clientUrls(gw, [worker('http://127.0.0.1:9901')], 'gatehouse.example.net', ['foo.example.com']);
    expect(http).toMatchObject({ urls: ['http://gatehouse.example.net:8000'], hostHeader: 'foo.example.com', curl: "curl -H 'Host: foo.example.com' http://gatehouse.example.net:8000/", note: null });
  });
  it('names each worker\'s own address, and says when nothing serves a listener', () => {
    const out = clientUrls(gw, [worker('http://10.1.2.3:9901'), worker('http://10.1.2.4:9901')], 'console');
    expect(out[0]!.urls).toEqual(['http://10.1.2.3:8000', 'http://10.1.2.4:8000']);
    expect(out[0]!.note).toBe('Served by 2 workers.');
    expect(out[1]).toMatchObject({ urls: [], curl: null, hostHeader: 'api.example.com' });
    expect(out[1]!.note).toMatch(/No worker serves this listener/);
  });
  it('does not take a ListenerSet listener of the same name for the Gateway\'s own', () => {
    const fromSet = { name: 'w', address: 'http://10.1.2.3:9901', listeners: [{ gateway: 'httpbin/simple-fsm-gateway', listenerSet: 'team/extra', listener: 'http', port: 8000, state: 'serving' }] };
    expect(clientUrls(gw, [fromSet], 'console')[0]).toMatchObject({ urls: [], curl: null });
  });
});
