/**
 * The kind of one subject alternative name, detected in the browser by the same rules as @gatehouse/certs
 * classifySans (which needs node:net and node:url and so cannot ship to the browser): an OpenSSL-style prefix
 * (`DNS:`, `IP:`, `URI:`, `email:`) forces the kind; otherwise an IP address, then an absolute URI, then an
 * e-mail address, then a DNS name. san-kind.test.ts checks both agree on every example, so they cannot drift.
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.6
 */
export type SanKind = 'dns' | 'ip' | 'uri' | 'email';
export type SanDetection = { kind: SanKind; value: string } | { error: string };

export const SAN_KIND_LABELS: Record<SanKind, string> = { dns: 'DNS name', ip: 'IP address', uri: 'URI', email: 'E-mail' };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const PREFIX = /^(DNS|IP|URI|email):(.*)$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/;

export function detectSanKind(raw: string): SanDetection {
  const entry = raw.trim();
  if (entry === '') return { error: 'empty entry' };
  const prefixed = PREFIX.exec(entry);
  if (prefixed) {
    const kind = (prefixed[1] ?? '').toLowerCase();
    const value = (prefixed[2] ?? '').trim();
    if (kind === 'dns') return asDns(value);
    if (kind === 'ip') return asIp(value) ?? { error: 'not an IPv4 or IPv6 address' };
    if (kind === 'uri') return asUri(value);
    return asEmail(value);
  }
  const ip = asIp(entry);
  if (ip) return ip;
  if (/^[a-z][a-z0-9+.-]*:/i.test(entry) && (entry.includes('://') || /^urn:/i.test(entry))) return asUri(entry);
  if (entry.includes('@')) return asEmail(entry);
  return asDns(entry);
}

function asIp(value: string): SanDetection | undefined {
  if (IPV4.test(value)) return { kind: 'ip', value };
  if (!value.includes(':') || !/^[0-9a-f:.]+$/i.test(value)) return undefined;
  try {
    // The URL parser gives IPv6 its canonical compressed form (RFC 5952), as classifySans normalises it.
    return { kind: 'ip', value: new URL(`http://[${value}]/`).hostname.slice(1, -1) };
  } catch {
    return undefined;
  }
}

function asUri(value: string): SanDetection {
  try {
    const url = new URL(value);
    if (!url.protocol) return { error: 'URI without a scheme' };
    return { kind: 'uri', value };
  } catch {
    return { error: 'not a valid absolute URI' };
  }
}

function asEmail(value: string): SanDetection {
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  if (at <= 0 || !/^[\x21-\x7e]+$/.test(local)) return { error: 'not a valid e-mail address' };
  const domain = asDns(value.slice(at + 1));
  if ('error' in domain) return { error: `e-mail domain: ${domain.error}` };
  return { kind: 'email', value: `${local}@${domain.value}` };
}

/** IDNA A-labels the way the browser's URL parser makes them (the same UTS #46 processing as node:url). */
function toAscii(name: string): string {
  if (/[/:?#@[\]\\\s%]/.test(name)) return '';
  try {
    return new URL(`http://${name}/`).hostname;
  } catch {
    return '';
  }
}

function asDns(value: string): SanDetection {
  if (value === '') return { error: 'empty DNS name' };
  const wildcard = value.startsWith('*.');
  const rest = (wildcard ? value.slice(2) : value).replace(/\.$/, '');
  // eslint-disable-next-line no-control-regex -- "is it ASCII" is exactly a control-range test
  const ascii = /^[\x00-\x7f]*$/.test(rest) ? rest.toLowerCase() : toAscii(rest);
  if (ascii === '') return { error: 'not a valid domain name' };
  const name = wildcard ? `*.${ascii}` : ascii;
  if (name.length > 253) return { error: 'DNS name longer than 253 characters' };
  const labels = ascii.split('.');
  if (labels.some((l) => l.includes('*'))) return { error: 'a wildcard is only allowed as the whole leftmost label (*.example.com)' };
  if (!labels.every((l) => LABEL.test(l))) return { error: 'not a valid DNS name (letters, digits and hyphens per label, 1-63 characters)' };
  return { kind: 'dns', value: name };
}

/** Splits typed or pasted text into entries the way SanListSchema splits a string: at commas and white space. */
export function splitSanInput(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s !== '');
}
