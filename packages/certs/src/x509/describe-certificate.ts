import { decodeCertificate, type CertificateView } from './decode-certificate';
import type { CertificateInput } from './load-certificate';
import { extKeyUsageLabel, keyUsageLabel } from './usages';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Nov  6 09:00:00 2026 GMT`, OpenSSL's ASN1_TIME_print format. */
export function formatOpensslTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, ' ');
  return `${MONTHS[date.getUTCMonth()]} ${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${date.getUTCFullYear()} GMT`;
}

/**
 * A text view laid out like `openssl x509 -text -noout` (same headings and labels, so operators can compare the
 * two), without the modulus and signature hex dumps, and with both fingerprints appended.
 */
export function describeCertificate(input: CertificateInput): string {
  return formatView(decodeCertificate(input));
}

export function formatView(v: CertificateView): string {
  const serial = v.serialHex.toLowerCase().replace(/(..)(?=.)/g, '$1:');
  const lines = [
    'Certificate:',
    '    Data:',
    `        Version: ${v.version} (0x${(v.version - 1).toString(16)})`,
    '        Serial Number:',
    `            ${serial}`,
    `        Signature Algorithm: ${v.signatureAlgorithm}`,
    `        Issuer: ${v.issuer.text}`,
    '        Validity',
    `            Not Before: ${formatOpensslTime(v.notBefore)}`,
    `            Not After : ${formatOpensslTime(v.notAfter)}`,
    `        Subject: ${v.subject.text}`,
    '        Subject Public Key Info:',
    ...keyLines(v),
  ];
  if (v.extensions.length > 0) lines.push('        X509v3 extensions:', ...extensionLines(v));
  lines.push(`    Signature Algorithm: ${v.signatureAlgorithm}`);
  lines.push(`    SHA1 Fingerprint=${v.fingerprints.sha1}`, `    SHA256 Fingerprint=${v.fingerprints.sha256}`);
  return `${lines.join('\n')}\n`;
}

function keyLines(v: CertificateView): string[] {
  if (v.keyAlgorithm === 'rsa') return ['            Public Key Algorithm: rsaEncryption', `                Public-Key: (${v.keySize} bit)`];
  if (v.keyAlgorithm === 'ecdsa') {
    return ['            Public Key Algorithm: id-ecPublicKey', `                Public-Key: (${v.keySize} bit)`, `                NIST CURVE: ${v.curve ?? '?'}`];
  }
  return [`            Public Key Algorithm: ${v.keyAlgorithm.toUpperCase()}`, `                ${v.keyAlgorithm.toUpperCase()} Public-Key:`];
}

function extensionLines(v: CertificateView): string[] {
  const lines: string[] = [];
  for (const ext of v.extensions) {
    lines.push(`            ${ext.name}:${ext.critical ? ' critical' : ' '}`);
    const body = extensionBody(ext.name, v);
    if (body !== undefined) lines.push(`                ${body}`);
  }
  return lines;
}

function extensionBody(name: string, v: CertificateView): string | undefined {
  switch (name) {
    case 'X509v3 Basic Constraints':
      return v.isCA ? `CA:TRUE${v.pathLen !== undefined ? `, pathlen:${v.pathLen}` : ''}` : 'CA:FALSE';
    case 'X509v3 Key Usage':
      return (v.keyUsage ?? []).map(keyUsageLabel).join(', ');
    case 'X509v3 Extended Key Usage':
      return (v.extKeyUsage ?? []).map(extKeyUsageLabel).join(', ');
    case 'X509v3 Subject Key Identifier':
      return v.subjectKeyId;
    case 'X509v3 Authority Key Identifier':
      return v.authorityKeyId;
    case 'X509v3 Subject Alternative Name':
      return [
        ...v.sans.dns.map((n) => `DNS:${n}`),
        ...v.sans.ip.map((n) => `IP Address:${n.toUpperCase()}`),
        ...v.sans.uri.map((n) => `URI:${n}`),
        ...v.sans.email.map((n) => `email:${n}`),
        ...v.otherSans,
      ].join(', ');
    default:
      return '<not decoded>';
  }
}
