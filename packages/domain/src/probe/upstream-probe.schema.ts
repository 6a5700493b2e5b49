import { z } from 'zod';
import { Dns1123LabelSchema, Dns1123SubdomainSchema } from '../object/meta';

/**
 * Which CA the probe verifies the upstream's chain with:
 * - `policy`: the one the gateway uses now (the UpstreamTLSPolicy or BackendTLSPolicy covering the port), or
 *   none when no policy covers it: then the probe also shows what plain HTTP gets (the seed's failing step);
 * - `secret`: `ca.crt` of a Secret — "would this CA work?" before the policy is applied;
 * - `certificate`: a CA from the certificate inventory.
 */
export const ProbeCaSourceSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('policy') }).strict(),
  z.object({ source: z.literal('secret'), namespace: Dns1123LabelSchema.optional(), name: Dns1123SubdomainSchema }).strict(),
  z.object({ source: z.literal('certificate'), certificateId: z.string().min(1, 'choose a CA').max(100) }).strict(),
]);
export type ProbeCaSource = z.infer<typeof ProbeCaSourceSchema>;

/** A host name to check the certificate against (RFC 6125 as Node's checkServerIdentity does it). */
const HOSTNAME = /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/** The live upstream TLS probe of one Service port (issue 4 §9): the tRPC input and the form's resolver. */
export const UpstreamProbeRequestSchema = z
  .object({
    namespace: Dns1123LabelSchema,
    service: Dns1123SubdomainSchema,
    port: z.number({ error: 'choose a Service port' }).int().min(1, 'a port is 1 to 65535').max(65535, 'a port is 1 to 65535'),
    ca: ProbeCaSourceSchema.default({ source: 'policy' }),
    /** Check the certificate's names against this host (default: the policy's hostname, if it has one). */
    hostname: z.string().max(253).regex(HOSTNAME, 'a host name such as foo.example.com').optional(),
  })
  .strict();
export type UpstreamProbeRequest = z.infer<typeof UpstreamProbeRequestSchema>;
export type UpstreamProbeRequestInput = z.input<typeof UpstreamProbeRequestSchema>;
