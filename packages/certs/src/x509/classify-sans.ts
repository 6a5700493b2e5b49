import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { DomainError, type ErrorDetail } from '@gatehouse/domain/errors/domain-error';

/** Subject alternative names by GeneralName kind (RFC 5280 §4.2.1.6). */
export interface SanLists {
  dns: string[];
  ip: string[];
  uri: string[];
  email: string[];
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const PREFIX = /^(DNS|IP|URI|email):(.*)$/i;

/**
 * Sorts one free-form list into DNS names, IP addresses, URIs and e-mail addresses, so operators can type
 * `foo.example.com, 10.0.0.1, spiffe://cluster.local/ns/x/sa/y` into one field. An OpenSSL-style prefix
 * (`DNS:`, `IP:`, `URI:`, `email:`) forces the kind. Names are validated and normalised (DNS lower-case and
 * IDNA A-labels, IPv6 compressed); duplicates are dropped. All problems are reported at once, by index.
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.6
 */
export function classifySans(list: readonly string[], path = 'sans'): SanLists {
  const out: SanLists = { dns: [], ip: [], uri: [], email: [] };
  const details: ErrorDetail[] = [];
  list.forEach((entry, i) => {
    const result = classifyOne(entry.trim());
    if (typeof result === 'string') {
      details.push({ path: `${path}[${i}]`, message: `'${entry}': ${result}` });
      return;
    }
    const bucket = out[result.kind];
    if (!bucket.includes(result.value)) bucket.push(result.value);
  });
  if (details.length > 0) throw new DomainError('invalid', `invalid subject alternative name: ${details.map((d) => d.message).join('; ')}`, details);
  return out;
}

type Classified = { kind: keyof SanLists; value: string } | string;

function classifyOne(entry: string): Classified {
  if (entry === '') return 'empty entry';
  const prefixed = PREFIX.exec(entry);
  if (prefixed) {
    const kind = (prefixed[1] ?? '').toLowerCase();
    const value = (prefixed[2] ?? '').trim();
    if (kind === 'dns') return asDns(value);
    if (kind === 'ip') return asIp(value) ?? 'not an IPv4 or IPv6 address';
    if (kind === 'uri') return asUri(value);
    return asEmail(value);
  }
  const ip = asIp(entry);
  if (ip) return ip;
  if (/^[a-z][a-z0-9+.-]*:/i.test(entry) && (entry.includes('://') || /^urn:/i.test(entry))) return asUri(entry);
  if (entry.includes('@')) return asEmail(entry);
  return asDns(entry);
}

function asIp(value: string): Classified | undefined {
  const version = isIP(value);
  if (version === 4) return { kind: 'ip', value };
  // The URL parser gives IPv6 its canonical compressed form (RFC 5952), so equal addresses compare equal.
  if (version === 6) return { kind: 'ip', value: new URL(`http://[${value}]/`).hostname.slice(1, -1) };
  return undefined;
}

function asUri(value: string): Classified {
  try {
    const url = new URL(value);
    // RFC 5280 §4.2.1.6: the name MUST NOT be a relative URI and MUST include a scheme.
    if (!url.protocol) return 'URI without a scheme';
    return { kind: 'uri', value };
  } catch {
    return 'not a valid absolute URI';
  }
}

function asEmail(value: string): Classified {
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  if (at <= 0 || !/^[\x21-\x7e]+$/.test(local)) return 'not a valid e-mail address';
  const domain = asDns(value.slice(at + 1));
  if (typeof domain === 'string') return `e-mail domain: ${domain}`;
  return { kind: 'email', value: `${local}@${domain.value}` };
}

/** RFC 5280 §4.2.1.6 preferred name syntax (RFC 1123 labels); a wildcard only as the whole leftmost label. */
function asDns(value: string): Classified {
  if (value === '') return 'empty DNS name';
  const wildcard = value.startsWith('*.');
  const rest = (wildcard ? value.slice(2) : value).replace(/\.$/, '');
  const ascii = isAscii(rest) ? rest.toLowerCase() : domainToASCII(rest);
  if (ascii === '') return 'not a valid domain name';
  const name = wildcard ? `*.${ascii}` : ascii;
  if (name.length > 253) return 'DNS name longer than 253 characters';
  const labels = ascii.split('.');
  if (labels.some((l) => l.includes('*'))) return 'a wildcard is only allowed as the whole leftmost label (*.example.com)';
  if (!labels.every((l) => LABEL.test(l))) return 'not a valid DNS name (letters, digits and hyphens per label, 1-63 characters)';
  return { kind: 'dns', value: name };
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
