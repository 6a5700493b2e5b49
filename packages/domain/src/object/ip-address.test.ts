import { describe, expect, it } from 'vitest';
import { endpointIpProblem, isIPv4, isIPv6, parseIPv6 } from './ip-address';

describe('IP address syntax', () => {
  it('IPv4: dotted quads 0–255, no leading zeros', () => {
    for (const ok of ['0.0.0.0', '127.0.0.1', '255.255.255.255', '10.1.2.3']) expect(isIPv4(ok), ok).toBe(true);
    for (const bad of ['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', ' 1.2.3.4', '1.2.3.4 ', '::1', '', '1..2.3'])
      expect(isIPv4(bad), bad).toBe(false);
  });

  it('IPv6: groups, ::, embedded IPv4; IPv4-mapped refused', () => {
    for (const ok of ['::1', '::', 'fe80::1', '2001:db8::1', '2001:0db8:0000:0000:0000:ff00:0042:8329', '64:ff9b::192.0.2.33', '1:2:3:4:5:6:7::'])
      expect(isIPv6(ok), ok).toBe(true);
    for (const bad of ['1.2.3.4', '1::2::3', '12345::1', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', 'g::1', '::ffff:1.2.3.4', 'fe80::1%eth0', '1:2:3:4:5:6:7:8::'])
      expect(isIPv6(bad), bad).toBe(false);
    expect(parseIPv6('2001:db8::1')).toEqual([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('endpoint IPs: no unspecified, link-local or link-local multicast; loopback allowed', () => {
    expect(endpointIpProblem('127.0.0.1')).toBeUndefined();
    expect(endpointIpProblem('::1')).toBeUndefined();
    expect(endpointIpProblem('10.0.0.1')).toBeUndefined();
    for (const bad of ['0.0.0.0', '169.254.0.1', '224.0.0.251', '::', 'fe80::1', 'febf::1', 'ff02::1']) expect(endpointIpProblem(bad), bad).toBeDefined();
    expect(endpointIpProblem('224.0.1.1')).toBeUndefined();
  });
});
