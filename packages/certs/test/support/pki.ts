import { generateKeyPair, type GeneratedKeyPair, type KeySpec } from '../../src/keys/generate-key';
import { issueCertificate, type IssuedCertificate } from '../../src/x509/issue-certificate';
import { defaultProfile } from '../../src/x509/profiles';

/** A root → intermediate → server leaf hierarchy made with this package, keys generated at test time. */
export interface TestPki {
  root: IssuedCertificate;
  rootKey: GeneratedKeyPair;
  intermediate: IssuedCertificate;
  intermediateKey: GeneratedKeyPair;
  leaf: IssuedCertificate;
  leafKey: GeneratedKeyPair;
}

/**
 * The tests' "now": the current hour, so certificates this package makes agree with the ones the openssl CLI makes
 * (those start at the real clock) and with `openssl verify` / `s_client`, which check against the real clock.
 */
export const NOW = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A time as OpenSSL prints it: `Nov 26 09:00:00 2026 GMT` (day padded with a space). */
export function opensslDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()} GMT`;
}

export async function makePki(spec: KeySpec, now = NOW): Promise<TestPki> {
  const rootKey = await generateKeyPair(spec);
  const root = issueCertificate({
    subject: { commonName: 'Gatehouse Test Root', organization: 'Gatehouse' },
    issuer: 'self',
    privateKey: rootKey.privateKey,
    ...defaultProfile('ca', { now, pathLen: 1 }),
  });
  const intermediateKey = await generateKeyPair(spec);
  const caProfile = defaultProfile('ca', { now });
  const intermediate = issueCertificate({
    subject: { commonName: 'Gatehouse Test Issuing CA', organization: 'Gatehouse' },
    issuer: { cert: root.pem, key: rootKey.privateKey },
    publicKey: intermediateKey.publicKey,
    ...caProfile,
    validity: { notBefore: caProfile.validity.notBefore, notAfter: new Date(now.getTime() + 5 * 365 * 86_400_000) },
  });
  const leafKey = await generateKeyPair(spec);
  const leaf = issueCertificate({
    subject: { commonName: 'foo.example.com' },
    sans: ['foo.example.com', '*.apps.example.com', '127.0.0.1', '::1'],
    issuer: { cert: intermediate.pem, key: intermediateKey.privateKey },
    publicKey: leafKey.publicKey,
    ...defaultProfile('server', { now, keyAlgorithm: leafKey.info.algorithm }),
  });
  return { root, rootKey, intermediate, intermediateKey, leaf, leafKey };
}
