import { z } from 'zod';
import { BindToSecretSchema } from '@gatehouse/domain/certificate/bind-certificate.schema';
import {
  CertificateDetailSchema,
  CertificateListQuerySchema,
  CertificatePageSchema,
  CertificateResultSchema,
  CertificateSummarySchema,
  CertificateUsageSchema,
  SecretBindingSchema,
} from '@gatehouse/domain/certificate/certificate.schema';
import { CertificateSettingsSchema } from '@gatehouse/domain/certificate/certificate-settings.schema';
import { CreateIntermediateCaSchema } from '@gatehouse/domain/certificate/create-intermediate-ca.schema';
import { CreateRootCaSchema } from '@gatehouse/domain/certificate/create-root-ca.schema';
import { ExportCertificateSchema } from '@gatehouse/domain/certificate/export-certificate.schema';
import { ImportCertificateSchema } from '@gatehouse/domain/certificate/import-certificate.schema';
import { IssueCertificateSchema } from '@gatehouse/domain/certificate/issue-certificate.schema';
import { RenewCertificateSchema } from '@gatehouse/domain/certificate/renew-certificate.schema';
import { RevokeCertificateSchema } from '@gatehouse/domain/certificate/revoke-certificate.schema';
import { SignCsrSchema } from '@gatehouse/domain/certificate/sign-csr.schema';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { bindCertificate, listBindings, unbindCertificate } from '../services/certificates/binding.service';
import { exportCertificate, type ExportedFile } from '../services/certificates/export.service';
import { importCertificate } from '../services/certificates/import.service';
import { createIntermediateCa, createRootCa, issueLeafCertificate, signCertificateRequest } from '../services/certificates/issue.service';
import { deleteCertificate, getCertificate, listCertificates, updateCertificateSettings } from '../services/certificates/query.service';
import { renewCertificate } from '../services/certificates/renew.service';
import { certificateRevocationList, revokeCertificate } from '../services/certificates/revoke.service';
import { certificateUsage } from '../services/certificates/usage.service';
import { bodyKindOf, jsonResponse, parseJsonBody, readBodyText } from './http';
import type { RouteDef } from './route-def';

const TAG = 'Certificates';

/** A JSON body; an empty body is `{}` where every field is optional (renew, revoke, export). */
async function readJson(req: Request, emptyAs?: unknown): Promise<unknown> {
  const text = await readBodyText(req);
  if (text.trim() === '' && emptyAs !== undefined) return emptyAs;
  bodyKindOf(req.headers.get('content-type'), ['json']);
  return parseJsonBody(text);
}

function fileResponse(file: ExportedFile): Response {
  return new Response(new Uint8Array(file.body), {
    status: 200,
    headers: { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.filename}"`, 'cache-control': 'no-store' },
  });
}

const ExportQuery = z.object({ what: ExportCertificateSchema.shape.what, format: ExportCertificateSchema.shape.format }).partial().strict();
const CrlQuery = z.object({ format: z.enum(['pem', 'der']).optional().describe('default PEM; DER also with Accept: application/pkix-crl') });

export function certificateRoutes(): RouteDef[] {
  const create = (path: string, operationId: string, summary: string, schema: z.ZodType, run: typeof createRootCa): RouteDef => ({
    method: 'POST', path, operationId, tag: TAG, authenticated: true, summary,
    body: { schema, description: 'JSON' }, response: { status: 201, description: 'the new certificate, with warnings', schema: CertificateResultSchema },
    handle: async ({ req, ctx, rt }) => jsonResponse(201, await run(rt, ctx, await readJson(req))),
  });
  return [
    {
      method: 'GET', path: '/certificates', operationId: 'listCertificates', tag: TAG, authenticated: true,
      summary: 'The certificate inventory, by name, in pages; filter by state, issuing CA, CA-ness', query: CertificateListQuerySchema,
      response: { status: 200, description: 'a page of certificates (never private keys)', schema: CertificatePageSchema },
      handle: async ({ query, ctx, rt }) => jsonResponse(200, await listCertificates(rt, ctx, query)),
    },
    create('/certificates/root-ca', 'createRootCa', 'Create a self-signed root CA (ECDSA P-256, 10 years, pathLen 1 by default)', CreateRootCaSchema, createRootCa),
    create('/certificates/intermediate-ca', 'createIntermediateCa', 'Create an intermediate CA signed by a managed CA (pathLen 0 by default)', CreateIntermediateCaSchema, createIntermediateCa),
    create('/certificates/issue', 'issueCertificate', 'Issue a server, client or server+client certificate from a managed CA', IssueCertificateSchema, issueLeafCertificate),
    create('/certificates/import', 'importCertificate', 'Import a certificate (PEM/DER with optional key and chain, or PKCS#12 with password)', ImportCertificateSchema, importCertificate),
    create('/certificates/sign-csr', 'signCsr', 'Sign a PKCS#10 certificate request with a managed CA', SignCsrSchema, signCertificateRequest),
    {
      method: 'GET', path: '/certificates/{id}', operationId: 'readCertificate', tag: TAG, authenticated: true,
      summary: 'One certificate: metadata, PEM, chain, decoded text (never the private key)',
      response: { status: 200, description: 'the certificate', schema: CertificateDetailSchema },
      handle: async ({ params, ctx, rt }) => jsonResponse(200, await getCertificate(rt, ctx, params.id!)),
    },
    {
      method: 'DELETE', path: '/certificates/{id}', operationId: 'deleteCertificate', tag: TAG, authenticated: true,
      summary: "Remove a certificate from the inventory (409 while it serves the console's HTTPS, while bound, or while it is the issuer of others)",
      response: { status: 200, description: 'the removed certificate', schema: CertificateSummarySchema },
      handle: async ({ params, ctx, rt }) => jsonResponse(200, await deleteCertificate(rt, ctx, params.id!)),
    },
    {
      method: 'PUT', path: '/certificates/{id}/settings', operationId: 'updateCertificateSettings', tag: TAG, authenticated: true,
      summary: 'Rename a certificate or turn auto-renew (at 2/3 of the lifetime) on or off', body: { schema: CertificateSettingsSchema, description: 'JSON' },
      response: { status: 200, description: 'the certificate', schema: CertificateDetailSchema },
      handle: async ({ req, params, ctx, rt }) => jsonResponse(200, await updateCertificateSettings(rt, ctx, params.id!, await readJson(req))),
    },
    {
      method: 'POST', path: '/certificates/{id}/renew', operationId: 'renewCertificate', tag: TAG, authenticated: true,
      summary: 'Renew: same parameters, new serial, new key by default; bound Secrets follow', body: { schema: RenewCertificateSchema, description: 'JSON, may be empty' },
      response: { status: 201, description: 'the renewed certificate (a new inventory entry)', schema: CertificateResultSchema },
      handle: async ({ req, params, ctx, rt }) => jsonResponse(201, await renewCertificate(rt, ctx, params.id!, await readJson(req, {}))),
    },
    {
      method: 'POST', path: '/certificates/{id}/revoke', operationId: 'revokeCertificate', tag: TAG, authenticated: true,
      summary: 'Revoke with an RFC 5280 reason; the serial appears in the issuer\'s CRL', body: { schema: RevokeCertificateSchema, description: 'JSON, may be empty (reason unspecified)' },
      response: { status: 200, description: 'the revoked certificate', schema: CertificateDetailSchema },
      handle: async ({ req, params, ctx, rt }) => jsonResponse(200, await revokeCertificate(rt, ctx, params.id!, await readJson(req, {}))),
    },
    {
      method: 'GET', path: '/certificates/{id}/crl', operationId: 'readCrl', tag: TAG, authenticated: true,
      summary: 'The CA\'s CRL, signed now (PEM; DER with ?format=der or Accept: application/pkix-crl)', query: CrlQuery,
      response: { status: 200, description: 'X.509 v2 CRL', contentType: 'application/pkix-crl' },
      handle: async ({ req, params, query, ctx, rt }) => {
        const q = parseOrThrow(CrlQuery, query, 'query');
        const der = q.format === 'der' || (q.format === undefined && (req.headers.get('accept') ?? '').includes('application/pkix-crl'));
        const crl = await certificateRevocationList(rt, ctx, params.id!);
        return der
          ? new Response(new Uint8Array(crl.der), { status: 200, headers: { 'content-type': 'application/pkix-crl', 'cache-control': 'no-store' } })
          : new Response(crl.pem, { status: 200, headers: { 'content-type': 'application/x-pem-file', 'cache-control': 'no-store' } });
      },
    },
    {
      method: 'GET', path: '/certificates/{id}/export', operationId: 'exportCertificateGet', tag: TAG, authenticated: true,
      summary: 'Download the certificate, chain, key or combined PEM (key-bearing: admins; audited). PKCS#12 needs POST (password)', query: ExportQuery,
      response: { status: 200, description: 'the file', contentType: 'application/x-pem-file' },
      handle: async ({ query, params, ctx, rt }) => fileResponse(await exportCertificate(rt, ctx, params.id!, parseOrThrow(ExportQuery, query, 'query'))),
    },
    {
      method: 'POST', path: '/certificates/{id}/export', operationId: 'exportCertificate', tag: TAG, authenticated: true,
      summary: 'Export with options in the body: PKCS#12 (password required) or an encrypted key (admins; audited)', body: { schema: ExportCertificateSchema, description: 'JSON' },
      response: { status: 200, description: 'the file', contentType: 'application/octet-stream' },
      handle: async ({ req, params, ctx, rt }) => fileResponse(await exportCertificate(rt, ctx, params.id!, await readJson(req, {}))),
    },
    {
      method: 'GET', path: '/certificates/{id}/usage', operationId: 'certificateUsage', tag: TAG, authenticated: true,
      summary: 'What uses this certificate: bound Secrets/ConfigMaps and the listeners and TLS policies referencing them',
      response: { status: 200, description: 'usage', schema: CertificateUsageSchema },
      handle: async ({ params, ctx, rt }) => jsonResponse(200, await certificateUsage(rt, ctx, params.id!)),
    },
    {
      method: 'GET', path: '/certificates/{id}/bindings', operationId: 'listCertificateBindings', tag: TAG, authenticated: true,
      summary: 'Secrets and ConfigMaps rendered from this certificate', response: { status: 200, description: 'bindings', schema: z.object({ items: z.array(SecretBindingSchema) }) },
      handle: async ({ params, ctx, rt }) => jsonResponse(200, { items: await listBindings(rt, ctx, params.id!) }),
    },
    {
      method: 'POST', path: '/certificates/{id}/bindings', operationId: 'bindCertificate', tag: TAG, authenticated: true,
      summary: 'Create or update a Secret (tls, ca-bundle, custom key names) or a CA-bundle ConfigMap from this certificate; it follows renewals',
      body: { schema: BindToSecretSchema, description: 'JSON' },
      response: { status: 201, description: 'the binding and the written object (values redacted)', schema: z.object({ binding: SecretBindingSchema, object: z.record(z.string(), z.unknown()) }) },
      handle: async ({ req, params, ctx, rt }) => jsonResponse(201, await bindCertificate(rt, ctx, params.id!, await readJson(req))),
    },
    {
      method: 'DELETE', path: '/certificates/{id}/bindings/{bindingId}', operationId: 'unbindCertificate', tag: TAG, authenticated: true,
      summary: 'End a binding (the Secret/ConfigMap is kept)', response: { status: 200, description: 'the ended binding', schema: SecretBindingSchema },
      handle: async ({ params, ctx, rt }) => jsonResponse(200, await unbindCertificate(rt, ctx, params.id!, params.bindingId!)),
    },
  ];
}
