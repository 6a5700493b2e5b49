import { isIP } from 'node:net';
import { invalid } from '../parse/input';
import type { CertificateInput } from '../x509/load-certificate';
import { OID } from '../x509/oid-names';
import type { CertificatePurpose } from '../x509/profiles';
import { UNDERSTOOD_EXTENSIONS } from '../x509/read-extensions';
import { isSelfIssued, namesIssuer, signedBy, toChainCerts, type ChainCert } from './chain-links';

export type ChainErrorCode =
  | 'no_issuer'
  | 'untrusted_root'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'not_ca'
  | 'path_length'
  | 'key_usage'
  | 'ext_key_usage'
  | 'unsupported_critical_extension'
  | 'weak_signature'
  | 'weak_key'
  | 'hostname_mismatch'
  | 'too_long';

export interface ChainProblem {
  code: ChainErrorCode;
  message: string;
  /** Position in `path` (0 = leaf). */
  index: number;
  subject: string;
}

export interface ChainResult {
  ok: boolean;
  errors: ChainProblem[];
  /** The chain as built, leaf first, PEM; ends at the trust anchor when ok. */
  path: string[];
}

export interface VerifyChainRequest {
  /** The end-entity certificate; a PEM bundle is read as leaf followed by intermediates. */
  leaf: CertificateInput;
  /** Untrusted helpers, in any order; a PEM bundle string is fine. */
  intermediates?: CertificateInput | readonly CertificateInput[];
  /** Trust anchors. */
  roots: CertificateInput | readonly CertificateInput[];
  /** The moment to validate at; passed in so results are reproducible. */
  at: Date;
  purpose: CertificatePurpose;
  /** For purpose 'server': also check the leaf's names (RFC 6125 via OpenSSL's X509_check_host/ip). */
  hostname?: string;
}

const MAX_DEPTH = 10;
const PURPOSE_EKU: Record<CertificatePurpose, string | undefined> = { server: '1.3.6.1.5.5.7.3.1', client: '1.3.6.1.5.5.7.3.2', ca: undefined };
const ANY_EKU = '2.5.29.37.0';
const WEAK_SIGNATURES = new Set<string>([OID.md5WithRSAEncryption, OID.sha1WithRSAEncryption, OID.ecdsaWithSHA1]);

/**
 * Builds a path from the leaf through the intermediates to one of the roots and checks it the way RFC 5280 §6.1
 * does, as far as this product needs: every signature, every validity window at `at` (the root's too, as OpenSSL
 * does), basicConstraints cA and pathLenConstraint, keyCertSign on issuers, the leaf's keyUsage/extKeyUsage for the
 * purpose (and EKU on intermediates, as OpenSSL does), no unknown critical extension, no MD5/SHA-1 signatures below
 * the root and no RSA key under 2048 bits. Name constraints and policies are not processed: a chain that marks them
 * critical is reported as unsupported rather than passed. Bad input (not a certificate) throws DomainError;
 * a bad chain returns ok: false with every problem found.
 */
export function verifyChain(request: VerifyChainRequest): ChainResult {
  if (!(request.at instanceof Date) || Number.isNaN(request.at.getTime())) throw invalid('at must be a valid date', 'at');
  if (!(request.purpose in PURPOSE_EKU)) throw invalid(`purpose must be one of ${Object.keys(PURPOSE_EKU).join(', ')}`, 'purpose');
  // A full-chain PEM given as the leaf is common (fullchain.pem): the first certificate is the leaf, the rest help.
  const [leaf, ...bundled] = toChainCerts(request.leaf, 'leaf');
  if (!leaf) throw invalid('leaf holds no certificate', 'leaf');
  const intermediates = [...bundled, ...toChainCerts(request.intermediates, 'intermediates')];
  const roots = toChainCerts(request.roots, 'roots');
  const errors: ChainProblem[] = [];
  const path = buildPath(leaf, intermediates, roots, errors);
  checkPath(path, request, errors);
  return { ok: errors.length === 0, errors, path: path.map((c) => c.cert.pem) };
}

function buildPath(leaf: ChainCert, intermediates: ChainCert[], roots: ChainCert[], errors: ChainProblem[]): ChainCert[] {
  const path = [leaf];
  const isRoot = (c: ChainCert) => roots.some((r) => r.sha256 === c.sha256);
  while (!isRoot(path[path.length - 1] ?? leaf)) {
    const current = path[path.length - 1] ?? leaf;
    const index = path.length - 1;
    if (path.length > MAX_DEPTH) {
      errors.push(problem('too_long', `the chain is longer than ${MAX_DEPTH} certificates`, index, current));
      break;
    }
    const next =
      roots.find((r) => namesIssuer(r, current) && signedBy(current, r)) ??
      intermediates.find((c) => !path.includes(c) && namesIssuer(c, current) && signedBy(current, c));
    if (next) {
      path.push(next);
      continue;
    }
    const namedOnly = [...roots, ...intermediates].find((c) => c !== current && namesIssuer(c, current));
    if (namedOnly) errors.push(problem('bad_signature', `signature does not verify with the key of its issuer ${namedOnly.subject}`, index, current));
    else if (isSelfIssued(current) && signedBy(current, current)) errors.push(problem('untrusted_root', 'self-signed certificate is not among the trusted roots', index, current));
    else errors.push(problem('no_issuer', `no issuer found (issuer ${current.cert.x509.issuer.replace(/\n/g, ', ')}); the chain does not reach a trusted root`, index, current));
    break;
  }
  return path;
}

function checkPath(path: ChainCert[], request: VerifyChainRequest, errors: ChainProblem[]): void {
  const at = request.at.getTime();
  const purposeEku = PURPOSE_EKU[request.purpose];
  path.forEach((c, index) => {
    const tbs = c.cert.asn.tbsCertificate;
    if (at < tbs.validity.notBefore.getTime().getTime()) errors.push(problem('not_yet_valid', `not valid before ${tbs.validity.notBefore.getTime().toISOString()}`, index, c));
    if (at > tbs.validity.notAfter.getTime().getTime()) errors.push(problem('expired', `expired at ${tbs.validity.notAfter.getTime().toISOString()}`, index, c));
    for (const ext of c.ext.list) {
      if (ext.critical && !UNDERSTOOD_EXTENSIONS.includes(ext.oid)) errors.push(problem('unsupported_critical_extension', `critical extension ${ext.name} is not supported (RFC 5280 §4.2)`, index, c));
    }
    const isAnchor = index === path.length - 1 && index > 0;
    if (!isAnchor && WEAK_SIGNATURES.has(c.cert.asn.signatureAlgorithm.algorithm)) errors.push(problem('weak_signature', 'signed with MD5 or SHA-1', index, c));
    const key = c.cert.x509.publicKey;
    if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) errors.push(problem('weak_key', 'RSA key shorter than 2048 bits', index, c));
    if (index > 0) checkIssuer(path, index, purposeEku, errors);
  });
  const leaf = path[0];
  if (leaf) checkLeaf(leaf, request, errors);
}

function checkIssuer(path: ChainCert[], index: number, purposeEku: string | undefined, errors: ChainProblem[]): void {
  const c = path[index] as ChainCert;
  const bc = c.ext.basicConstraints;
  if (!bc?.isCA) errors.push(problem('not_ca', 'issues certificates but is not a CA (basicConstraints cA is not TRUE)', index, c));
  if (c.ext.keyUsage && !c.ext.keyUsage.includes('keyCertSign')) errors.push(problem('key_usage', 'issues certificates but lacks keyCertSign', index, c));
  if (bc?.pathLen !== undefined) {
    // RFC 5280 §4.2.1.9: pathLen counts the non-self-issued intermediate CA certificates that may follow.
    const below = path.slice(1, index).filter((p) => !isSelfIssued(p)).length;
    if (below > bc.pathLen) errors.push(problem('path_length', `pathLen ${bc.pathLen} allows ${bc.pathLen} CA certificate(s) below it, found ${below}`, index, c));
  }
  const eku = c.ext.extKeyUsage;
  if (purposeEku && eku && !eku.some((e) => matchesEku(e, purposeEku))) errors.push(problem('ext_key_usage', `CA restricts extended key usage and does not allow ${purposeName(purposeEku)}`, index, c));
}

function checkLeaf(leaf: ChainCert, request: VerifyChainRequest, errors: ChainProblem[]): void {
  const ku = leaf.ext.keyUsage;
  const eku = leaf.ext.extKeyUsage;
  if (request.purpose === 'ca') {
    if (!leaf.ext.basicConstraints?.isCA) errors.push(problem('not_ca', 'is not a CA (basicConstraints cA is not TRUE)', 0, leaf));
    if (ku && !ku.includes('keyCertSign')) errors.push(problem('key_usage', 'lacks keyCertSign', 0, leaf));
    return;
  }
  const purposeEku = PURPOSE_EKU[request.purpose] as string;
  if (eku && !eku.some((e) => matchesEku(e, purposeEku))) errors.push(problem('ext_key_usage', `extended key usage does not include ${purposeName(purposeEku)}`, 0, leaf));
  // OpenSSL's purpose checks (v3_purp.c): a TLS server key signs (ECDHE), decrypts (RSA kx) or agrees (static DH).
  const allowed = request.purpose === 'server' ? ['digitalSignature', 'keyEncipherment', 'keyAgreement'] : ['digitalSignature', 'keyAgreement'];
  if (ku && !ku.some((u) => allowed.includes(u))) errors.push(problem('key_usage', `key usage allows none of ${allowed.join(', ')} needed by a TLS ${request.purpose}`, 0, leaf));
  if (request.hostname !== undefined) {
    const x509 = leaf.cert.x509;
    const matched = isIP(request.hostname) ? x509.checkIP(request.hostname) : x509.checkHost(request.hostname, { subject: 'default' });
    if (!matched) errors.push(problem('hostname_mismatch', `does not cover ${request.hostname}`, 0, leaf));
  }
}

function matchesEku(nameOrOid: string, oid: string): boolean {
  const named: Record<string, string> = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2', anyExtendedKeyUsage: ANY_EKU };
  const value = named[nameOrOid] ?? nameOrOid;
  return value === oid || value === ANY_EKU;
}

function purposeName(oid: string): string {
  return oid === PURPOSE_EKU.server ? 'serverAuth' : 'clientAuth';
}

function problem(code: ChainErrorCode, message: string, index: number, c: ChainCert): ChainProblem {
  return { code, message: `${c.subject}: ${message}`, index, subject: c.subject };
}
