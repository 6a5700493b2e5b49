/**
 * IP address syntax without node:net, so that the domain package also runs in the browser (form resolvers).
 * The accepted forms follow Go's net.ParseIP as Kubernetes uses it (k8s.io/apimachinery/pkg/util/validation
 * IsValidIPv4Address / IsValidIPv6Address), except that IPv4 octets with leading zeros are refused: Kubernetes
 * has deprecated them because different parsers read them as octal or decimal.
 */

const IPV4_OCTET = /^(0|[1-9][0-9]{0,2})$/;

/** Parses dotted-quad IPv4 into 4 bytes, or undefined. */
export function parseIPv4(value: string): number[] | undefined {
  const parts = value.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!IPV4_OCTET.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return bytes;
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Parses an IPv6 address (with `::` and an optional trailing dotted quad) into 16 bytes, or undefined. */
export function parseIPv6(value: string): number[] | undefined {
  if (!value.includes(':')) return undefined;
  const halves = value.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  const all = halves.length === 2 ? [...head, ...tail] : head;
  const bytesOf = (groups: string[], isLast: boolean): number[] | undefined => {
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] ?? '';
      if (isLast && i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (!v4) return undefined;
        out.push(...v4);
        continue;
      }
      if (!HEX_GROUP.test(g)) return undefined;
      const n = parseInt(g, 16);
      out.push(n >> 8, n & 0xff);
    }
    return out;
  };
  if (halves.length === 1) {
    const bytes = bytesOf(all, true);
    return bytes && bytes.length === 16 ? bytes : undefined;
  }
  const headBytes = bytesOf(head, tail.length === 0);
  const tailBytes = bytesOf(tail, true);
  if (!headBytes || !tailBytes) return undefined;
  const zeros = 16 - headBytes.length - tailBytes.length;
  // '::' stands for at least one group of zeros.
  if (zeros < 2) return undefined;
  return [...headBytes, ...new Array<number>(zeros).fill(0), ...tailBytes];
}

export function isIPv4(value: string): boolean {
  return parseIPv4(value) !== undefined;
}

/**
 * True for an IPv6 address that is not an IPv4-mapped one (`::ffff:1.2.3.4`): Kubernetes
 * (IsValidIPv6Address) refuses those where an IPv6 address is required, as Go's To4() != nil.
 */
export function isIPv6(value: string): boolean {
  const b = parseIPv6(value);
  if (!b) return false;
  const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  return !mapped;
}

/**
 * Why an endpoint IP may not be used, or undefined when it may (after Kubernetes ValidateEndpointIP:
 * no unspecified, link-local or link-local multicast addresses).
 *
 * Deliberate difference: Kubernetes also refuses loopback (127.0.0.0/8, ::1). Gatehouse accepts it because
 * in embedded mode and in every test the upstreams it proxies to listen on 127.0.0.1.
 */
export function endpointIpProblem(value: string): string | undefined {
  const v4 = parseIPv4(value);
  if (v4) {
    const [a = 0, b = 0, c = 0] = v4;
    if (v4.every((x) => x === 0)) return 'may not be unspecified (0.0.0.0)';
    if (a === 169 && b === 254) return 'may not be in the link-local range (169.254.0.0/16)';
    if (a === 224 && b === 0 && c === 0) return 'may not be in the link-local multicast range (224.0.0.0/24)';
    return undefined;
  }
  const v6 = parseIPv6(value);
  if (!v6) return undefined;
  const [a = 0, b = 0] = v6;
  if (v6.every((x) => x === 0)) return 'may not be unspecified (::)';
  if (a === 0xfe && (b & 0xc0) === 0x80) return 'may not be in the link-local range (fe80::/10)';
  if (a === 0xff && b === 0x02) return 'may not be in the link-local multicast range (ff02::/16)';
  return undefined;
}

/** True for 127.0.0.0/8 and ::1 (and ::ffff:127.x.y.z), which Kubernetes refuses in EndpointSlices. */
export function isLoopbackIp(value: string): boolean {
  const v4 = parseIPv4(value);
  if (v4) return v4[0] === 127;
  const v6 = parseIPv6(value);
  if (!v6) return false;
  if (v6.slice(0, 15).every((x) => x === 0) && v6[15] === 1) return true;
  return v6.slice(0, 10).every((x) => x === 0) && v6[10] === 0xff && v6[11] === 0xff && v6[12] === 127;
}
