import { parseCsr } from '@gatehouse/certs/csr/parse-csr';
import { OID } from '@gatehouse/certs/x509/oid-names';
import type { CertificateResult } from '@gatehouse/domain/certificate/certificate.schema';
import {
  InspectCsrSchema,
  PreviewCertificateSchema,
  type CertificatePreview,
  type CsrView,
} from '@gatehouse/domain/certificate/preview-certificate.schema';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { authorize, type RequestContext } from '../../auth/principal';
import type { ServiceDeps } from '../deps';
import { adviseOn } from './certificate-advice';
import { importCertificate } from './import.service';
import { createIntermediateCa, createRootCa, issueLeafCertificate, signCertificateRequest } from './issue.service';
import { decodeMaterial } from './material';

const DRY_RUN = { dryRun: true } as const;

function run(deps: ServiceDeps, ctx: RequestContext, body: unknown): Promise<CertificateResult> {
  const request = parseOrThrow(PreviewCertificateSchema, body, 'preview');
  switch (request.intent) {
    case 'root-ca': return createRootCa(deps, ctx, request.input, DRY_RUN);
    case 'intermediate-ca': return createIntermediateCa(deps, ctx, request.input, DRY_RUN);
    case 'issue': return issueLeafCertificate(deps, ctx, request.input, DRY_RUN);
    case 'sign-csr': return signCertificateRequest(deps, ctx, request.input, DRY_RUN);
    case 'import': return importCertificate(deps, ctx, request.input, DRY_RUN);
  }
}

/**
 * The certificate an operation would make, without making it: the operation itself runs as a dry run (its
 * validation, key generation, signing and inventory insert, then rolled back — no row, no audit event, no new
 * revision), so the preview cannot disagree with "Create". The dry-run certificate's PEM is not handed out: it is
 * signed by a real CA for a key that was thrown away.
 */
export async function previewCertificate(deps: ServiceDeps, ctx: RequestContext, body: unknown): Promise<CertificatePreview> {
  authorize(ctx, 'certificates.write');
  const { pem: _pem, chain, id: _id, ...rest } = await run(deps, ctx, body);
  return { ...rest, chainLength: chain.length, advice: adviseOn(rest) };
}

const SUBJECT_FIELDS = [
  ['commonName', OID.commonName],
  ['organization', OID.organization],
  ['organizationalUnit', OID.organizationalUnit],
  ['locality', OID.locality],
  ['state', OID.state],
  ['country', OID.country],
] as const;

/** A PKCS#10 request decoded for the wizard, which pre-fills subject and SANs from it. Nothing is stored. */
export function inspectCertificateRequest(ctx: RequestContext, body: unknown): CsrView {
  authorize(ctx, 'certificates.read');
  const input = parseOrThrow(InspectCsrSchema, body, 'CSR');
  const csr = parseCsr(decodeMaterial(input.csr, 'csr'));
  const subject: CsrView['subject'] = { text: csr.subject.text };
  for (const [field, oid] of SUBJECT_FIELDS) {
    // The last of a repeated attribute wins, as describeName does for the common name.
    const value = csr.subject.attributes.filter((a) => a.oid === oid).at(-1)?.value;
    if (value !== undefined) subject[field] = value;
  }
  return {
    subject,
    sans: csr.sans,
    keyAlgorithm: csr.keyAlgorithm,
    keySize: csr.keySize,
    curve: csr.curve ?? null,
    signatureValid: csr.signatureValid,
    requestedExtensions: csr.requestedExtensions.map((e) => e.name),
  };
}
