import { z } from 'zod';
import { Dns1123LabelSchema } from '../object/meta';

/**
 * "Load the Upstream TLS example" (issue 4 §10): the seed scenario's objects (examples/upstream-tls) in one
 * namespace, up to the failing step — Service, its endpoints, Gateway, HTTPRoute, the CA and server certificate
 * with their Secrets, and no UpstreamTLSPolicy yet.
 */
export const LoadExampleSchema = z
  .object({
    namespace: Dns1123LabelSchema.default('httpbin'),
    /** The Gateway's HTTP listener port (8000 in the seed). */
    listenerPort: z.number({ error: 'give a port number' }).int().min(1, 'a port is 1 to 65535').max(65535, 'a port is 1 to 65535').default(8000),
    /** Where httpbin really listens (the EndpointSlice's address); the default is a documentation address (RFC 5737). */
    upstreamAddress: z.ipv4({ message: 'an IPv4 address such as 10.42.0.25' }).default('192.0.2.10'),
    upstreamPort: z.number({ error: 'give a port number' }).int().min(1, 'a port is 1 to 65535').max(65535, 'a port is 1 to 65535').default(443),
  })
  .strict();
export type LoadExample = z.infer<typeof LoadExampleSchema>;
export type LoadExampleInput = z.input<typeof LoadExampleSchema>;
