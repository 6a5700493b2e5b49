import type { Candidate } from '@gatehouse/domain/references/reference-check.schema';
import { describe, expect, it } from 'vitest';
import { candidateOptions, carrierHint, filterOptions, listenerOptions, listenerPortOptions, servicePortOptions } from './describe-candidate';
import { formatPickerValue, parsePickerText } from './picker-value';

const gateway: Candidate = {
  kind: 'Gateway', namespace: 'httpbin', name: 'simple-fsm-gateway',
  listeners: [
    { name: 'http', protocol: 'HTTP', port: 8000, allowedFrom: 'Same', programmed: true },
    { name: 'public', protocol: 'HTTP', port: 8000, hostname: '*.example.com', allowedFrom: 'All', programmed: true },
    { name: 'raw', protocol: 'TCP', port: 9000, allowedFrom: 'Same', programmed: false, problem: 'protocol TCP is not supported' },
  ],
};
const service: Candidate = { kind: 'Service', namespace: 'httpbin', name: 'httpbin', ports: [{ port: 8443, targetPort: 443, protocol: 'TCP', appProtocol: 'https' }, { port: 80, name: 'plain', protocol: 'TCP' }] };

describe('picker choices say what each object offers', () => {
  it('Gateways with their listeners, Services with their ports', () => {
    expect(candidateOptions([gateway, service])).toEqual([
      { value: 'simple-fsm-gateway', label: 'simple-fsm-gateway', meta: 'Gateway · httpbin', hint: 'listeners http (HTTP 8000), public (HTTP 8000), raw (TCP 9000)' },
      { value: 'httpbin', label: 'httpbin', meta: 'Service · httpbin', hint: 'ports 8443, 80 (plain)' },
    ]);
  });

  it('listeners by name (with whom they admit) and by port', () => {
    expect(listenerOptions(gateway)).toEqual([
      { value: 'http', label: 'http', meta: 'HTTP · port 8000', hint: 'routes from its own namespace' },
      { value: 'public', label: 'public', meta: 'HTTP · port 8000', hint: 'routes from every namespace, *.example.com' },
      { value: 'raw', label: 'raw', meta: 'TCP · port 9000', hint: 'not served: protocol TCP is not supported', warn: true },
    ]);
    expect(listenerPortOptions(gateway)).toEqual([
      { value: '8000', label: '8000', meta: 'listener http, public' },
      { value: '9000', label: '9000', meta: 'listener raw' },
    ]);
    expect(listenerOptions(undefined)).toEqual([]);
  });

  it('Service ports by number, and by name for a BackendTLSPolicy sectionName', () => {
    expect(servicePortOptions(service, 'number')).toEqual([
      { value: '8443', label: '8443', meta: 'TCP', hint: 'TCP → target port 443, https' },
      { value: '80', label: '80', meta: '"plain"', hint: 'TCP' },
    ]);
    expect(servicePortOptions(service, 'name')).toEqual([{ value: 'plain', label: 'plain', meta: 'port 80', hint: 'TCP' }]);
  });

  it('Secrets and ConfigMaps for a CA or a serving certificate: key names decide, with a warning when they would not serve', () => {
    const ca: Candidate = { kind: 'Secret', namespace: 'n', name: 'https-cert', type: 'Opaque', keys: ['ca.crt'] };
    const tls: Candidate = { kind: 'Secret', namespace: 'n', name: 'server', type: 'kubernetes.io/tls', keys: ['tls.crt', 'tls.key'] };
    const half: Candidate = { kind: 'Secret', namespace: 'n', name: 'half', type: 'kubernetes.io/tls', keys: ['tls.crt'] };
    const empty: Candidate = { kind: 'ConfigMap', namespace: 'n', name: 'e', keys: [] };
    expect(carrierHint(ca, 'ca')).toEqual({ hint: 'has ca.crt', warn: false });
    expect(carrierHint(tls, 'ca')).toEqual({ hint: 'no ca.crt (keys tls.crt, tls.key)', warn: true });
    expect(carrierHint(empty, 'ca')).toEqual({ hint: 'no ca.crt (no data)', warn: true });
    expect(carrierHint(tls, 'tls')).toEqual({ hint: 'kubernetes.io/tls, tls.crt and tls.key', warn: false });
    expect(carrierHint(ca, 'tls')).toEqual({ hint: 'type Opaque: not a TLS Secret', warn: true });
    expect(carrierHint(half, 'tls')).toEqual({ hint: 'kubernetes.io/tls without tls.key', warn: true });
    expect(carrierHint(tls, 'any')).toEqual({ hint: 'keys tls.crt, tls.key', warn: false });
    expect(candidateOptions([tls], 'ca')[0]).toEqual({ value: 'server', label: 'server', meta: 'Secret · n', hint: 'no ca.crt (keys tls.crt, tls.key)', warn: true });
  });
});

describe('typing filters the choices', () => {
  const options = ['httpbin', 'echo', 'my-httpbin', 'other'].map((n) => ({ value: n, label: n, meta: n === 'other' ? 'Service · httpbin-ns' : 'Service · x' }));
  it('names starting with the text first, then names or namespaces containing it; empty text shows all', () => {
    expect(filterOptions(options, 'http').map((o) => o.value)).toEqual(['httpbin', 'my-httpbin', 'other']);
    expect(filterOptions(options, ' ECH ').map((o) => o.value)).toEqual(['echo']);
    expect(filterOptions(options, '').map((o) => o.value)).toEqual(['httpbin', 'echo', 'my-httpbin', 'other']);
    expect(filterOptions(options, 'zzz')).toEqual([]);
  });
});

describe('what a picker writes into the form', () => {
  it('text as typed; an emptied optional field is "not set"; digits become a port number, anything else NaN (left out of the object, as a number input would)', () => {
    expect(parsePickerText('', 'text')).toBe('');
    expect(parsePickerText('', 'optional-text')).toBeUndefined();
    expect(parsePickerText('http', 'optional-text')).toBe('http');
    expect(parsePickerText(' 8443 ', 'number')).toBe(8443);
    expect(parsePickerText('84a', 'number')).toBeNaN();
    expect(parsePickerText('', 'number')).toBeUndefined();
    expect(formatPickerValue(8443)).toBe('8443');
    expect(formatPickerValue(Number.NaN)).toBe('');
    expect(formatPickerValue(undefined)).toBe('');
  });
});
