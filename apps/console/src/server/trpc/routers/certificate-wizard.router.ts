import { InspectCsrSchema, PreviewCertificateSchema } from '@gatehouse/domain/certificate/preview-certificate.schema';
import { inspectCertificateRequest, previewCertificate } from '../../services/certificates/preview.service';
import { permittedProcedure } from '../admin-procedure';
import { router } from '../init';

/**
 * What the certificate wizard asks before it creates anything. Both are mutations although they change nothing:
 * their inputs (a CSR, a PKCS#12 file in base64) are too large for a GET URL, and a preview generates a key and
 * must never be cached or retried behind the person's back.
 */
export const certificateWizardRouter = router({
  preview: permittedProcedure('certificates.write').input(PreviewCertificateSchema).mutation(({ ctx, input }) => previewCertificate(ctx.rt, ctx.req, input)),
  inspectCsr: permittedProcedure('certificates.read').input(InspectCsrSchema).mutation(({ ctx, input }) => inspectCertificateRequest(ctx.req, input)),
});
