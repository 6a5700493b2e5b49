import { randomUUID } from 'node:crypto';
import { generateKeyPair, DEFAULT_KEY_SPEC, type GeneratedKeyPair } from '@gatehouse/certs/keys/generate-key';
import { signCsr } from '@gatehouse/certs/csr/sign-csr';
import { loadCsr } from '@gatehouse/certs/csr/load-csr';
import { issueCertificate } from '@gatehouse/certs/x509/issue-certificate';
import { describeName } from '@gatehouse/certs/x509/names';
import type { CertificateResult } from '@gatehouse/domain/certificate/certificate.schema';
import { CreateIntermediateCaSchema, type CreateIntermediateCa } from '@gatehouse/domain/certificate/create-intermediate-ca.schema';
import { CreateRootCaSchema, type CreateRootCa } from '@gatehouse/domain/certificate/create-root-ca.schema';
import { IssueCertificateSchema, type IssueCertificate } from '@gatehouse/domain/certificate/issue-certificate.schema';
import { SignCsrSchema, type SignCsr } from '@gatehouse/domain/certificate/sign-csr.schema';
import type { KeySpecInput } from '@gatehouse/domain/certificate/certificate-fields.schema';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { authorize, type RequestContext } from '../../auth/principal';
import type { ServiceDeps } from '../deps';
import { runWrite } from '../write-transaction';
import { decodeMaterial } from './material';
import { buildCertificateRow } from './certificate-record';
import { insertCertificate } from './certificate-store';
import { describeRow, toDetail } from './certificate-view';
import { loadIssuer } from './issuer';
import { caProfile, leafProfile, planValidity } from './validity';

/** Root CAs may have one level of intermediates below them by default (smallstep's choice); see CreateRootCaSchema. */
const ROOT_DEFAULT_PATH_LEN = 1;
const INTERMEDIATE_DEFAULT_PATH_LEN = 0;

/** Keys are made before the write transaction: RSA-4096 can take a second, and the write lock must not wait on it. */
function makeKey(spec: KeySpecInput | undefined): Promise<GeneratedKeyPair> {
  return generateKeyPair(spec ?? DEFAULT_KEY_SPEC);
}

function defaultName(explicit: string | undefined, commonName: string | undefined, sans: readonly string[]): string {
  return explicit ?? commonName ?? sans[0]?.replace(/^(DNS|IP|URI|email):/i, '') ?? 'certificate';
}

export async function createRootCa(deps: ServiceDeps, ctx: RequestContext, body: unknown, opts: { dryRun?: boolean } = {}): Promise<CertificateResult> {
  authorize(ctx, 'certificates.write');
  const input: CreateRootCa = parseOrThrow(CreateRootCaSchema, body, 'root CA');
  const keyPair = await makeKey(input.key);
  const now = deps.now();
  const profile = caProfile(now, input.pathLen === undefined ? ROOT_DEFAULT_PATH_LEN : input.pathLen);
  const plan = planValidity({ now, requestedDays: input.validityDays, defaultWindow: profile.validity });
  const issued = issueCertificate({ ...profile, validity: plan.validity, subject: input.subject, issuer: 'self', privateKey: keyPair.privateKey });
  const id = randomUUID();
  const row = buildCertificateRow(deps.key, {
    id, name: defaultName(input.name, input.subject.commonName, []), purpose: 'ca', origin: 'generated', certificatePem: issued.pem, chain: [], issuerId: null,
    privateKeyPem: keyPair.privateKeyPem, issueParams: { profile: 'root', ...(input.validityDays ? { validityDays: input.validityDays } : {}) },
    autoRenew: input.autoRenew ?? false, renewedFromId: null, now,
  });
  const stored = await runWrite(deps, opts, (tx) => insertCertificate(tx, ctx, row, 'certificate.create', `root CA ${row.subject} created`));
  return { ...toDetail(stored, now), warnings: plan.warnings };
}

export async function createIntermediateCa(deps: ServiceDeps, ctx: RequestContext, body: unknown, opts: { dryRun?: boolean } = {}): Promise<CertificateResult> {
  authorize(ctx, 'certificates.write');
  const input: CreateIntermediateCa = parseOrThrow(CreateIntermediateCaSchema, body, 'intermediate CA');
  const keyPair = await makeKey(input.key);
  const now = deps.now();
  return runWrite(deps, opts, async (tx) => {
    const issuer = await loadIssuer(tx, deps.key, input.issuerId, now);
    const profile = caProfile(now, input.pathLen === undefined ? INTERMEDIATE_DEFAULT_PATH_LEN : input.pathLen);
    const plan = planValidity({ now, requestedDays: input.validityDays, defaultWindow: profile.validity, issuer: { notAfter: issuer.row.notAfter, label: issuer.row.name } });
    const issued = issueCertificate({ ...profile, validity: plan.validity, subject: input.subject, issuer: { cert: issuer.row.certificatePem, key: issuer.key }, publicKey: keyPair.publicKey });
    const id = randomUUID();
    const row = buildCertificateRow(deps.key, {
      id, name: defaultName(input.name, input.subject.commonName, []), purpose: 'ca', origin: 'generated', certificatePem: issued.pem, chain: issuer.chainForIssued,
      issuerId: issuer.row.id, privateKeyPem: keyPair.privateKeyPem, issueParams: { profile: 'intermediate', ...(input.validityDays ? { validityDays: input.validityDays } : {}) },
      autoRenew: input.autoRenew ?? false, renewedFromId: null, now,
    });
    const stored = await insertCertificate(tx, ctx, row, 'certificate.create', `intermediate CA ${row.subject} issued by ${issuer.row.name} (${issuer.row.id})`);
    return { ...toDetail(stored, now), warnings: plan.warnings };
  });
}

export async function issueLeafCertificate(deps: ServiceDeps, ctx: RequestContext, body: unknown, opts: { dryRun?: boolean } = {}): Promise<CertificateResult> {
  authorize(ctx, 'certificates.write');
  const input: IssueCertificate = parseOrThrow(IssueCertificateSchema, body, 'certificate');
  const keyPair = await makeKey(input.key);
  const now = deps.now();
  return runWrite(deps, opts, async (tx) => {
    const issuer = await loadIssuer(tx, deps.key, input.issuerId, now);
    const profile = leafProfile(input.profile, now, keyPair.info.algorithm);
    const plan = planValidity({ now, requestedDays: input.validityDays, defaultWindow: profile.validity, issuer: { notAfter: issuer.row.notAfter, label: issuer.row.name } });
    const issued = issueCertificate({
      subject: input.subject,
      sans: input.sans,
      validity: plan.validity,
      isCA: false,
      keyUsage: input.keyUsage ?? profile.keyUsage,
      extKeyUsage: input.extKeyUsage ?? profile.extKeyUsage,
      issuer: { cert: issuer.row.certificatePem, key: issuer.key },
      publicKey: keyPair.publicKey,
    });
    const id = randomUUID();
    const row = buildCertificateRow(deps.key, {
      id, name: defaultName(input.name, input.subject.commonName, input.sans), purpose: input.profile, origin: 'generated', certificatePem: issued.pem,
      chain: issuer.chainForIssued, issuerId: issuer.row.id, privateKeyPem: keyPair.privateKeyPem,
      issueParams: { profile: input.profile, ...(input.validityDays ? { validityDays: input.validityDays } : {}) },
      autoRenew: input.autoRenew ?? false, renewedFromId: null, now,
    });
    const stored = await insertCertificate(tx, ctx, row, 'certificate.create', `${input.profile} certificate ${describeRow(row)} issued by ${issuer.row.name} (${issuer.row.id})`);
    return { ...toDetail(stored, now), warnings: plan.warnings };
  });
}

/** Signs a PKCS#10 request; Gatehouse stores the certificate, never sees the key. */
export async function signCertificateRequest(deps: ServiceDeps, ctx: RequestContext, body: unknown, opts: { dryRun?: boolean } = {}): Promise<CertificateResult> {
  authorize(ctx, 'certificates.write');
  const input: SignCsr = parseOrThrow(SignCsrSchema, body, 'CSR signing request');
  const csrMaterial = decodeMaterial(input.csr, 'csr');
  const csr = loadCsr(csrMaterial, 'csr');
  const now = deps.now();
  return runWrite(deps, opts, async (tx) => {
    const issuer = await loadIssuer(tx, deps.key, input.issuerId, now);
    const keyAlgorithm = csr.publicKey.asymmetricKeyType === 'rsa' ? 'rsa' : 'ecdsa';
    const profile = leafProfile(input.profile, now, keyAlgorithm);
    const plan = planValidity({ now, requestedDays: input.validityDays, defaultWindow: profile.validity, issuer: { notAfter: issuer.row.notAfter, label: issuer.row.name } });
    const issued = signCsr({
      csr: csrMaterial,
      issuer: { cert: issuer.row.certificatePem, key: issuer.key },
      validity: plan.validity,
      keyUsage: input.keyUsage ?? profile.keyUsage,
      extKeyUsage: input.extKeyUsage ?? profile.extKeyUsage,
      ...(input.subject ? { subject: input.subject } : {}),
      ...(input.sans ? { sans: input.sans } : {}),
    });
    const id = randomUUID();
    const csrSubject = describeName(csr.asn.certificationRequestInfo.subject);
    const row = buildCertificateRow(deps.key, {
      id, name: defaultName(input.name, input.subject?.commonName ?? csrSubject.commonName, input.sans ?? csr.requested.sans.dns), purpose: input.profile, origin: 'csr',
      certificatePem: issued.pem, chain: issuer.chainForIssued, issuerId: issuer.row.id, privateKeyPem: null,
      issueParams: { profile: input.profile, ...(input.validityDays ? { validityDays: input.validityDays } : {}) }, autoRenew: false, renewedFromId: null, now,
    });
    const stored = await insertCertificate(tx, ctx, row, 'certificate.create', `CSR for ${describeRow(row)} signed by ${issuer.row.name} (${issuer.row.id})`);
    return { ...toDetail(stored, now), warnings: plan.warnings };
  });
}

