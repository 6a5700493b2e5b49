import { z } from 'zod';

/**
 * The worker's `POST /probe` (admin port, bearer = the worker token): connect to one upstream endpoint the way
 * the proxy would, and report what it presents. The console sends it; the worker answers WorkerProbeResult.
 * Certificates travel as base64 DER and are decoded by the console (@gatehouse/certs), so the worker stays small.
 */
export const WorkerProbeRequestSchema = z
  .object({
    address: z.string().min(1).max(253).regex(/^[^\s/?#@]+$/, 'an IP address or host name'),
    port: z.number().int().min(1).max(65535),
    /** SNI to send; null = none (UpstreamTLSPolicy: FSM sends none). An IP literal is never sent as SNI (RFC 6066 §3). */
    servername: z.string().min(1).max(253).nullable().default(null),
    /** PEM bundle of trusted CAs; null = the runtime's default roots (BackendTLSPolicy wellKnownCACertificates: System). */
    caPem: z.string().max(512 * 1024).nullable().default(null),
    /** A name to check the certificate against (Node's checkServerIdentity, as the proxy does for BackendTLSPolicy). */
    hostname: z.string().min(1).max(253).nullable().default(null),
    /** BackendTLSPolicy subjectAltNames: when set, one of them must match instead of `hostname`. */
    subjectAltNames: z.array(z.object({ type: z.enum(['Hostname', 'URI']), value: z.string().min(1).max(2048) })).max(16).default([]),
    /** Also send one plain-HTTP request: what the gateway does to this port when no TLS policy covers it. */
    plainHttp: z.boolean().default(false),
    /** Host header of the plain-HTTP request (default: address:port). */
    hostHeader: z.string().min(1).max(261).nullable().default(null),
    timeoutMs: z.number().int().min(100).max(15_000).default(5000),
  })
  .strict();
export type WorkerProbeRequest = z.infer<typeof WorkerProbeRequestSchema>;
export type WorkerProbeRequestInput = z.input<typeof WorkerProbeRequestSchema>;

const ProbeErrorSchema = z.object({ code: z.string(), message: z.string() });

export const WorkerProbeResultSchema = z.object({
  address: z.string(),
  port: z.number(),
  servername: z.string().nullable(),
  /** TCP connect. */
  tcp: z.object({ ok: z.boolean(), ms: z.number().nullable(), error: ProbeErrorSchema.nullable() }),
  /** TLS handshake (with verification deferred, so the chain is seen even when it is not trusted). */
  tls: z.object({
    ok: z.boolean(),
    ms: z.number().nullable(),
    protocol: z.string().nullable(),
    cipher: z.string().nullable(),
    alpn: z.string().nullable(),
    error: ProbeErrorSchema.nullable(),
  }),
  /** Base64 DER, leaf first: what the peer presented, completed by Node from the trusted CAs where it could. */
  chain: z.array(z.string()),
  /** Whether the chain verifies against `caPem` (or the default roots); null when no certificate was seen. */
  verified: z.boolean().nullable(),
  /** OpenSSL's verify result when not verified (UNABLE_TO_VERIFY_LEAF_SIGNATURE, CERT_HAS_EXPIRED, …). */
  verifyError: ProbeErrorSchema.nullable(),
  /** The name check; null when no name was asked for. */
  hostname: z.object({ name: z.string(), ok: z.boolean(), error: z.string().nullable() }).nullable(),
  /** The plain-HTTP attempt; null unless asked for. */
  plainHttp: z
    .object({
      outcome: z.enum(['response', 'empty_reply', 'not_http', 'error', 'timeout']),
      statusLine: z.string().nullable(),
      detail: z.string(),
    })
    .nullable(),
});
export type WorkerProbeResult = z.infer<typeof WorkerProbeResultSchema>;
