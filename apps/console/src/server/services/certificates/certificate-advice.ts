import type { CertificateSummary } from '@gatehouse/domain/certificate/certificate.schema';

const DAY_MS = 24 * 60 * 60 * 1000;
/** CA/Browser Forum Baseline Requirements §6.3.2: publicly trusted server certificates live at most 398 days. */
const BROWSER_MAX_SERVER_DAYS = 398;
/** NIST SP 800-57 Part 1 Rev. 5, Table 4: 112-bit security (RSA-2048) is acceptable through 2030 only. */
const RSA_2048_SUNSET = Date.UTC(2031, 0, 1);

export type AdviceInput = Pick<
  CertificateSummary,
  'purpose' | 'isCA' | 'commonName' | 'sans' | 'notBefore' | 'notAfter' | 'keyAlgorithm' | 'keySize' | 'pathLen' | 'extKeyUsage'
>;

/**
 * Things a certificate is allowed to be but that are probably not what the operator meant: shown by the wizard's
 * review step before anything is created. Pure; the operation's own warnings (a lifetime shortened to the
 * issuer's, an expired import) come from the services and are not repeated here.
 */
export function adviseOn(c: AdviceInput): string[] {
  const advice: string[] = [];
  const names = [...c.sans.dns, ...c.sans.ip];
  const servesTls = !c.isCA && (c.extKeyUsage === null || c.extKeyUsage.includes('serverAuth'));
  if (servesTls && names.length === 0) {
    advice.push(
      'No subject alternative name: TLS clients match the host name against the SAN list only and ignore the common name (RFC 6125 §6.4.4; Chrome, Go and curl all do). Add the host name as a SAN.',
    );
  }
  if (!c.isCA && c.commonName !== null && names.length > 0 && !names.includes(c.commonName.toLowerCase()) && !names.includes(c.commonName)) {
    advice.push(`The common name ${c.commonName} is not among the subject alternative names, so clients will not accept the certificate for ${c.commonName}.`);
  }
  for (const name of c.sans.dns.filter((n) => n.startsWith('*.'))) {
    const base = name.slice(2);
    const missingBase = !c.sans.dns.includes(base);
    advice.push(
      `The wildcard ${name} covers exactly one label: a.${base}, but neither ${base} itself nor a.b.${base} (RFC 6125 §6.4.3).${missingBase ? ` Add ${base} as well if it is served too.` : ''}`,
    );
  }
  const days = Math.round((Date.parse(c.notAfter) - Date.parse(c.notBefore)) / DAY_MS);
  if (servesTls && names.length > 0 && days > BROWSER_MAX_SERVER_DAYS) {
    advice.push(`Valid for ${days} days: browsers refuse server certificates valid for more than ${BROWSER_MAX_SERVER_DAYS} days (CA/Browser Forum BR §6.3.2). Internal upstreams that Gatehouse verifies are not affected.`);
  }
  if (c.keyAlgorithm === 'rsa' && c.keySize < 3072 && Date.parse(c.notAfter) >= RSA_2048_SUNSET) {
    advice.push(`An RSA ${c.keySize}-bit key valid beyond 2030: NIST SP 800-57 asks for 3072 bits (or ECDSA P-256) after 2030.`);
  }
  if (c.keyAlgorithm === 'ed25519' && servesTls) {
    advice.push('Ed25519: OpenSSL, Go and Node accept it, but browsers and many Java clients cannot verify Ed25519 certificates.');
  }
  if (c.isCA && c.pathLen === null) {
    advice.push('No path length limit: every CA below this one may create further CAs (RFC 5280 §4.2.1.9). Set a limit unless that is intended.');
  }
  return advice;
}
