import { randomUUID, type KeyObject } from 'node:crypto';
import { orderChain } from '@gatehouse/certs/chain/order-chain';
import { verifyChain } from '@gatehouse/certs/chain/verify-chain';
import { parseCertificates } from '@gatehouse/certs/parse/parse-certificates';
import { parsePkcs12 } from '@gatehouse/certs/parse/parse-pkcs12';
import { parsePrivateKey } from '@gatehouse/certs/parse/parse-private-key';
import { decodeCertificate, type CertificateView } from '@gatehouse/certs/x509/decode-certificate';
import { loadCertificate } from '@gatehouse/certs/x509/load-certificate';
import type { CertificateResult } from '@gatehouse/domain/certificate/certificate.schema';
import { ImportCertificateSchema, type ImportCertificate } from '@gatehouse/domain/certificate/import-certificate.schema';
import { DomainError, isDomainError } from '@gatehouse/domain/errors/domain-error';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { authorize, type RequestContext } from '../../auth/principal';
import type { Tx } from '../../store/db';
import type { ServiceDeps } from '../deps';
import { runWrite } from '../write-transaction';
import { buildCertificateRow, chainOf, purposeOf } from './certificate-record';
import type { CertificateRow } from './certificate-row';
import { insertCertificate } from './certificate-store';
import { describeRow, toDetail } from './certificate-view';
import { decodeBinary, decodeMaterial } from './material';

interface Unpacked {
  /** Leaf first, then its issuers. */
  chain: string[];
  key: KeyObject | null;
}

function invalid(path: string, message: string): DomainError {
  return new DomainError('invalid', message, [{ path, message }]);
}

function unpackPkcs12(input: ImportCertificate): Unpacked {
  const bytes = decodeBinary(input.pkcs12 ?? '', 'pkcs12');
  let contents;
  try {
    contents = parsePkcs12(bytes, input.password);
  } catch (e) {
    // Without a password the library tried the empty and the absent one; say that a password is what is missing.
    if (isDomainError(e) && e.details[0]?.path === 'password' && input.password === undefined) {
      throw invalid('password', 'the PKCS#12 file is password-protected: give its password');
    }
    throw e;
  }
  if (contents.cert === null) throw invalid('pkcs12', 'the PKCS#12 file holds no certificate for its key');
  return { chain: orderChain([contents.cert, ...contents.chain]), key: contents.key?.keyObject ?? null };
}

function unpackPem(input: ImportCertificate): Unpacked {
  const certs = parseCertificates(decodeMaterial(input.certificate ?? '', 'certificate'), 'certificate');
  const chain = input.chain === undefined ? [] : parseCertificates(decodeMaterial(input.chain, 'chain'), 'chain');
  // A combined PEM (key and certificates in one file) carries its key in the certificate field.
  const keySource = input.privateKey ?? (input.certificate?.includes('PRIVATE KEY-----') ? input.certificate : undefined);
  const keyPath = input.privateKey !== undefined ? 'privateKey' : 'certificate';
  const key = keySource === undefined ? null : parsePrivateKey(decodeMaterial(keySource, keyPath), input.privateKeyPassword, keyPath);
  // The certificate field may hold a whole bundle in any order; the leaf is the one nothing else was issued by.
  return { chain: orderChain([...certs, ...chain]), key };
}

/** A CA in the inventory that signed `leaf` (by key identifier and signature), if any. */
async function findInventoryIssuer(tx: Pick<Tx, 'certificate'>, leaf: CertificateView, presented: string | undefined): Promise<CertificateRow | null> {
  if (presented !== undefined) {
    const byFingerprint = await tx.certificate.findUnique({ where: { fingerprintSha256: decodeCertificate(presented).fingerprints.sha256 } });
    if (byFingerprint?.isCA) return byFingerprint;
  }
  if (leaf.isSelfSigned || leaf.authorityKeyId === undefined) return null;
  const candidates = await tx.certificate.findMany({ where: { isCA: true, subjectKeyId: leaf.authorityKeyId } });
  const child = loadCertificate(leaf.pem).x509;
  return candidates.find((c) => child.checkIssued(loadCertificate(c.certificatePem).x509) && child.verify(loadCertificate(c.certificatePem).x509.publicKey)) ?? null;
}

function warningsFor(view: CertificateView, chain: string[], now: Date): string[] {
  const warnings: string[] = [];
  if (now.getTime() > view.notAfter.getTime()) warnings.push(`the certificate expired at ${view.notAfter.toISOString()}`);
  if (now.getTime() < view.notBefore.getTime()) warnings.push(`the certificate is not valid before ${view.notBefore.toISOString()}`);
  const top = chain.length > 0 ? decodeCertificate(chain[chain.length - 1] ?? '') : view;
  if (!top.isSelfSigned) {
    warnings.push(`the chain ends at ${top.subject.text || '(empty subject)'}, which is not a self-signed root; verifiers need its issuer`);
    return warnings;
  }
  const purpose = purposeOf(view);
  const result = verifyChain({
    leaf: view.pem,
    intermediates: chain.slice(0, -1),
    roots: chain.length > 0 ? chain[chain.length - 1] ?? '' : view.pem,
    at: now,
    purpose: purpose === 'ca' ? 'ca' : purpose === 'client' ? 'client' : 'server',
  });
  // Already said above (the leaf's own dates), or not meaningful for a certificate without a stated purpose.
  const repeated = (code: string, index: number) => index === 0 && (code === 'expired' || code === 'not_yet_valid');
  const purposeless = (code: string) => purpose === 'other' && (code === 'ext_key_usage' || code === 'key_usage');
  for (const p of result.errors) if (!repeated(p.code, p.index) && !purposeless(p.code)) warnings.push(p.message);
  return warnings;
}

/**
 * Imports an existing certificate (PEM/DER with optional key and chain, or PKCS#12). Refused with a 400 naming the
 * field: unreadable input, a wrong or missing PKCS#12 password, a key that does not match, a bundle with stray
 * certificates. Allowed with a warning: expired, not yet valid, a chain that does not reach a root.
 */
export async function importCertificate(deps: ServiceDeps, ctx: RequestContext, body: unknown, opts: { dryRun?: boolean } = {}): Promise<CertificateResult> {
  authorize(ctx, 'certificates.write');
  const input = parseOrThrow(ImportCertificateSchema, body, 'import');
  const unpacked = input.pkcs12 !== undefined ? unpackPkcs12(input) : unpackPem(input);
  const [leafPem, ...issuers] = unpacked.chain;
  if (leafPem === undefined) throw invalid('certificate', 'no certificate found');
  const view = decodeCertificate(leafPem);
  if (unpacked.key !== null && !loadCertificate(leafPem).x509.checkPrivateKey(unpacked.key)) {
    const message = `the private key does not belong to the certificate ${view.subject.text} (its public key differs)`;
    throw invalid(input.pkcs12 !== undefined ? 'pkcs12' : 'privateKey', message);
  }
  const now = deps.now();
  return runWrite(deps, opts, async (tx) => {
    const issuer = await findInventoryIssuer(tx, view, issuers[0]);
    // With no chain given, a known issuer supplies it; a given chain is stored as given (leaf first).
    const chain = issuers.length === 0 && issuer ? [issuer.certificatePem, ...chainOf(issuer)] : issuers;
    const id = randomUUID();
    const row = buildCertificateRow(deps.key, {
      id, name: input.name ?? view.subject.commonName ?? view.sans.dns[0] ?? 'imported certificate', purpose: purposeOf(view), origin: 'imported',
      certificatePem: leafPem, chain, issuerId: issuer?.id ?? null,
      privateKeyPem: unpacked.key === null ? null : unpacked.key.export({ format: 'pem', type: 'pkcs8' }).toString(),
      issueParams: { profile: 'imported' }, autoRenew: false, renewedFromId: null, now,
    }, view);
    const warnings = warningsFor(view, chain, now);
    const stored = await insertCertificate(tx, ctx, row, 'certificate.import', `imported ${describeRow(row)}${unpacked.key ? ' with its private key' : ''}${warnings.length ? ` (warnings: ${warnings.join('; ')})` : ''}`);
    return { ...toDetail(stored, now), warnings };
  });
}
