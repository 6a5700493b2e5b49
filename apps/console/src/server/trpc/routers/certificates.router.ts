import { z } from 'zod';
import { BindToSecretSchema } from '@gatehouse/domain/certificate/bind-certificate.schema';
import { CertificateListQuerySchema } from '@gatehouse/domain/certificate/certificate.schema';
import { CertificateSettingsSchema } from '@gatehouse/domain/certificate/certificate-settings.schema';
import { CreateIntermediateCaSchema } from '@gatehouse/domain/certificate/create-intermediate-ca.schema';
import { CreateRootCaSchema } from '@gatehouse/domain/certificate/create-root-ca.schema';
import { ExportCertificateSchema } from '@gatehouse/domain/certificate/export-certificate.schema';
import { ImportCertificateSchema } from '@gatehouse/domain/certificate/import-certificate.schema';
import { IssueCertificateSchema } from '@gatehouse/domain/certificate/issue-certificate.schema';
import { RenewCertificateSchema } from '@gatehouse/domain/certificate/renew-certificate.schema';
import { RevokeCertificateSchema } from '@gatehouse/domain/certificate/revoke-certificate.schema';
import { SignCsrSchema } from '@gatehouse/domain/certificate/sign-csr.schema';
import { bindCertificate, listBindings, unbindCertificate } from '../../services/certificates/binding.service';
import { exportCertificate } from '../../services/certificates/export.service';
import { importCertificate } from '../../services/certificates/import.service';
import { createIntermediateCa, createRootCa, issueLeafCertificate, signCertificateRequest } from '../../services/certificates/issue.service';
import { deleteCertificate, getCertificate, listCertificates, updateCertificateSettings } from '../../services/certificates/query.service';
import { renewCertificate } from '../../services/certificates/renew.service';
import { certificateRevocationList, revokeCertificate } from '../../services/certificates/revoke.service';
import { certificateUsage } from '../../services/certificates/usage.service';
import { permittedProcedure } from '../admin-procedure';
import { router } from '../init';

const Id = z.object({ id: z.string().min(1) });

/** The certificate inventory: the same services (and audit) as REST /api/v1/certificates. */
export const certificatesRouter = router({
  list: permittedProcedure('certificates.read').input(CertificateListQuerySchema.partial()).query(({ ctx, input }) => listCertificates(ctx.rt, ctx.req, input)),
  get: permittedProcedure('certificates.read').input(Id).query(({ ctx, input }) => getCertificate(ctx.rt, ctx.req, input.id)),
  usage: permittedProcedure('certificates.read').input(Id).query(({ ctx, input }) => certificateUsage(ctx.rt, ctx.req, input.id)),
  bindings: permittedProcedure('certificates.read').input(Id).query(({ ctx, input }) => listBindings(ctx.rt, ctx.req, input.id)),
  crl: permittedProcedure('certificates.read').input(Id).query(async ({ ctx, input }) => ({ pem: (await certificateRevocationList(ctx.rt, ctx.req, input.id)).pem })),
  createRootCa: permittedProcedure('certificates.write').input(CreateRootCaSchema).mutation(({ ctx, input }) => createRootCa(ctx.rt, ctx.req, input)),
  createIntermediateCa: permittedProcedure('certificates.write').input(CreateIntermediateCaSchema).mutation(({ ctx, input }) => createIntermediateCa(ctx.rt, ctx.req, input)),
  issue: permittedProcedure('certificates.write').input(IssueCertificateSchema).mutation(({ ctx, input }) => issueLeafCertificate(ctx.rt, ctx.req, input)),
  import: permittedProcedure('certificates.write').input(ImportCertificateSchema).mutation(({ ctx, input }) => importCertificate(ctx.rt, ctx.req, input)),
  signCsr: permittedProcedure('certificates.write').input(SignCsrSchema).mutation(({ ctx, input }) => signCertificateRequest(ctx.rt, ctx.req, input)),
  renew: permittedProcedure('certificates.write').input(Id.extend({ options: RenewCertificateSchema.optional() })).mutation(({ ctx, input }) => renewCertificate(ctx.rt, ctx.req, input.id, input.options ?? {})),
  revoke: permittedProcedure('certificates.write').input(Id.extend({ options: RevokeCertificateSchema.optional() })).mutation(({ ctx, input }) => revokeCertificate(ctx.rt, ctx.req, input.id, input.options ?? {})),
  updateSettings: permittedProcedure('certificates.write').input(Id.extend({ settings: CertificateSettingsSchema })).mutation(({ ctx, input }) => updateCertificateSettings(ctx.rt, ctx.req, input.id, input.settings)),
  delete: permittedProcedure('certificates.write').input(Id).mutation(({ ctx, input }) => deleteCertificate(ctx.rt, ctx.req, input.id)),
  bind: permittedProcedure('certificates.write').input(Id.extend({ binding: BindToSecretSchema })).mutation(({ ctx, input }) => bindCertificate(ctx.rt, ctx.req, input.id, input.binding)),
  unbind: permittedProcedure('certificates.write').input(Id.extend({ bindingId: z.string().min(1) })).mutation(({ ctx, input }) => unbindCertificate(ctx.rt, ctx.req, input.id, input.bindingId)),
  /** A mutation, not a query: every export is an audit event, and a key export must not be cached or retried. */
  export: permittedProcedure('certificates.read').input(Id.extend({ options: ExportCertificateSchema })).mutation(async ({ ctx, input }) => {
    const file = await exportCertificate(ctx.rt, ctx.req, input.id, input.options);
    return { filename: file.filename, contentType: file.contentType, base64: file.body.toString('base64') };
  }),
});
