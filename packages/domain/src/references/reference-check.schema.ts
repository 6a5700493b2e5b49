import { z } from 'zod';

/**
 * Reference checks for forms (issue 12 §2): a draft object as a form holds it, answered per reference with whether
 * the named object exists and is usable, in words — before anything is saved. Kubernetes allows forward references
 * (a route may name a Service that is created later), so a check is advice, never a refusal.
 */

/** The object a reference names, with the referring API's defaults applied (group '' is core). */
export const ReferenceTargetSchema = z.object({
  group: z.string(),
  kind: z.string(),
  /** '' for cluster-scoped kinds. */
  namespace: z.string(),
  /** '' when the reference names every object of the kind (a ReferenceGrant `to` without a name). */
  name: z.string(),
});
export type ReferenceTarget = z.infer<typeof ReferenceTargetSchema>;

/**
 * - ok: exists and is usable as this reference uses it;
 * - missing: nothing of that kind and name there (yet);
 * - unusable: it exists but cannot serve (a Secret without ca.crt, a port the Service lacks, a listener that does
 *   not admit the route, a Secret of the wrong type);
 * - refused: in another namespace and no ReferenceGrant allows the reference.
 */
export const ReferenceStatusSchema = z.enum(['ok', 'missing', 'unusable', 'refused']);
export type ReferenceStatus = z.infer<typeof ReferenceStatusSchema>;

/** Something the console can do about it in place: a CA Secret or ConfigMap written from an inventory certificate. */
export const ReferenceFixSchema = z.object({
  action: z.literal('create-ca-from-certificate'),
  kind: z.enum(['Secret', 'ConfigMap']),
  namespace: z.string(),
  name: z.string(),
});
export type ReferenceFix = z.infer<typeof ReferenceFixSchema>;

export const ReferenceCheckSchema = z.object({
  /** The reference, as kubectl prints paths: `spec.parentRefs[0]`, `spec.ports[0].config.certificateRef`. */
  path: z.string(),
  /** The field the verdict is about: `spec.parentRefs[0].name`, `spec.parentRefs[0].sectionName`, `spec.ports[0].port`. */
  field: z.string(),
  target: ReferenceTargetSchema,
  status: ReferenceStatusSchema,
  /** The verdict in words, for the person filling the form. */
  message: z.string(),
  fix: ReferenceFixSchema.optional(),
});
export type ReferenceCheck = z.infer<typeof ReferenceCheckSchema>;

/** The draft as the form holds it; only apiVersion, kind, metadata.name/namespace and spec are read. */
export const CheckReferencesInputSchema = z.object({
  object: z.record(z.string(), z.unknown()),
});
export type CheckReferencesInput = z.infer<typeof CheckReferencesInputSchema>;

export const ReferenceChecksSchema = z.object({
  /** The store revision the checks were computed against. */
  revision: z.number(),
  checks: z.array(ReferenceCheckSchema),
});
export type ReferenceChecks = z.infer<typeof ReferenceChecksSchema>;

/** Kinds a reference picker offers. */
export const CandidateKindSchema = z.enum(['Gateway', 'Service', 'Secret', 'ConfigMap', 'Namespace']);
export type CandidateKind = z.infer<typeof CandidateKindSchema>;

export const ListCandidatesInputSchema = z.object({
  kind: CandidateKindSchema,
  /** Only objects of this namespace; every namespace when absent (ignored for Namespace). */
  namespace: z.string().optional(),
});
export type ListCandidatesInput = z.infer<typeof ListCandidatesInputSchema>;

export const CandidateListenerSchema = z.object({
  name: z.string(),
  protocol: z.string(),
  port: z.number(),
  hostname: z.string().optional(),
  /** allowedRoutes.namespaces.from (Same by default). */
  allowedFrom: z.string(),
  /** The compiler's Programmed condition; false with its message when the worker cannot serve it. */
  programmed: z.boolean(),
  problem: z.string().optional(),
});
export type CandidateListener = z.infer<typeof CandidateListenerSchema>;

export const CandidatePortSchema = z.object({
  port: z.number(),
  name: z.string().optional(),
  protocol: z.string(),
  targetPort: z.union([z.number(), z.string()]).optional(),
  appProtocol: z.string().optional(),
});
export type CandidatePort = z.infer<typeof CandidatePortSchema>;

/**
 * An existing object a reference may name, with what a picker shows about it: a Gateway's listeners, a Service's
 * ports, a Secret's type and data keys, a ConfigMap's keys. Key names only — never a value.
 */
export const CandidateSchema = z.object({
  kind: CandidateKindSchema,
  namespace: z.string(),
  name: z.string(),
  listeners: z.array(CandidateListenerSchema).optional(),
  ports: z.array(CandidatePortSchema).optional(),
  type: z.string().optional(),
  keys: z.array(z.string()).optional(),
});
export type Candidate = z.infer<typeof CandidateSchema>;

export const CandidatesSchema = z.object({ revision: z.number(), items: z.array(CandidateSchema) });
export type Candidates = z.infer<typeof CandidatesSchema>;
