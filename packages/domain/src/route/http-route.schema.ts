import { z } from 'zod';
import { DurationSchema, HostnameSchema, SectionNameSchema, durationToMs } from '../gateway-api/names.schema';
import { ParentReferenceSchema, addServicePortRequiredIssue, backendObjectReferenceShape, type ParentReference } from '../gateway-api/references.schema';
import { servedApiVersionSchema } from '../object/api-version.schema';
import { ObjectMetaSchema } from '../object/meta';
import { addDuplicateIssues } from '../object/unique-items';
import { HttpRouteFiltersSchema, type HttpRouteFilter } from './http-route-filter.schema';
import { HttpRouteMatchSchema, type HttpRouteMatch } from './http-route-match.schema';

export * from './http-route-filter.schema';
export * from './http-route-match.schema';

/**
 * HTTPRoute (gateway.networking.k8s.io, served v1 and v1beta1 with identical schemas; stored as v1), following
 * the v1.6.1 standard CRD: shapes, limits, defaults and x-kubernetes-validations.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproute
 */

/** HTTPBackendRef: group '' / kind Service / weight 1 by default; a Service needs a port. */
export const HttpBackendRefSchema = z
  .object({
    ...backendObjectReferenceShape,
    weight: z.number().int().min(0).max(1_000_000).default(1),
    filters: HttpRouteFiltersSchema.optional(),
  })
  .superRefine(addServicePortRequiredIssue);
export type HttpBackendRef = z.infer<typeof HttpBackendRefSchema>;

/** HTTPRouteTimeouts. CEL: backendRequest may not exceed request unless request is 0s (no timeout). */
export const HttpRouteTimeoutsSchema = z
  .object({ request: DurationSchema.optional(), backendRequest: DurationSchema.optional() })
  .superRefine((t, ctx) => {
    if (t.request === undefined || t.backendRequest === undefined) return;
    const request = durationToMs(t.request);
    if (request !== 0 && durationToMs(t.backendRequest) > request)
      ctx.addIssue({ code: 'custom', message: 'backendRequest timeout cannot be longer than request timeout', path: ['backendRequest'] });
  });
export type HttpRouteTimeouts = z.infer<typeof HttpRouteTimeoutsSchema>;

/**
 * HTTPRouteRetry. Not in the v1.6.1 *standard* CRD (it is experimental channel, GEP-1731); accepted here with the
 * experimental CRD's shape because the worker implements retries: codes 400–599 (a set), attempts ≥ 1 (the v1.6
 * rule), backoff a Duration.
 */
export const HttpRouteRetrySchema = z.object({
  codes: z
    .array(z.number().int().min(400).max(599))
    .superRefine((codes, ctx) => addDuplicateIssues(ctx, codes, (c) => c))
    .optional(),
  attempts: z.number().int().min(1).optional(),
  backoff: DurationSchema.optional(),
});
export type HttpRouteRetry = z.infer<typeof HttpRouteRetrySchema>;

/** True when a filter list holds a filter of `field` whose path is a ReplacePrefixMatch (CEL `exists_one`). */
function existsOnePrefixReplacement(filters: readonly HttpRouteFilter[] | undefined, field: 'requestRedirect' | 'urlRewrite'): boolean {
  const hits = (filters ?? []).filter((f) => {
    const path = f[field]?.path;
    return path !== undefined && path.type === 'ReplacePrefixMatch' && path.replacePrefixMatch !== undefined;
  });
  return hits.length === 1;
}

function hasOnePathPrefixMatch(matches: readonly HttpRouteMatch[]): boolean {
  return matches.length === 1 && matches[0]?.path.type === 'PathPrefix';
}

const DEFAULT_MATCHES = [{ path: { type: 'PathPrefix' as const, value: '/' } }];

/** HTTPRouteRule: matches default to one `PathPrefix /` match; the rule-level CEL rules are checked. */
export const HttpRouteRuleSchema = z
  .object({
    name: SectionNameSchema.optional(),
    matches: z.array(HttpRouteMatchSchema).max(64).prefault(DEFAULT_MATCHES),
    filters: HttpRouteFiltersSchema.optional(),
    backendRefs: z.array(HttpBackendRefSchema).max(16).optional(),
    timeouts: HttpRouteTimeoutsSchema.optional(),
    retry: HttpRouteRetrySchema.optional(),
  })
  .superRefine((rule, ctx) => {
    if ((rule.backendRefs?.length ?? 0) > 0) {
      (rule.filters ?? []).forEach((f, i) => {
        if (f.requestRedirect !== undefined)
          ctx.addIssue({ code: 'custom', message: 'RequestRedirect filter must not be used together with backendRefs', path: ['filters', i] });
      });
    }
    const onePrefix = hasOnePathPrefixMatch(rule.matches);
    const needPrefix = (message: string) => ctx.addIssue({ code: 'custom', message, path: ['matches'] });
    if (existsOnePrefixReplacement(rule.filters, 'requestRedirect') && !onePrefix)
      needPrefix('When using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified');
    if (existsOnePrefixReplacement(rule.filters, 'urlRewrite') && !onePrefix)
      needPrefix('When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified');
    // The CRD uses exists_one over backendRefs as well, so this only fires when exactly one backendRef has such a filter.
    const backendsWith = (field: 'requestRedirect' | 'urlRewrite') =>
      (rule.backendRefs ?? []).filter((b) => existsOnePrefixReplacement(b.filters, field)).length === 1;
    if (backendsWith('requestRedirect') && !onePrefix)
      needPrefix('Within backendRefs, when using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified');
    if (backendsWith('urlRewrite') && !onePrefix)
      needPrefix('Within backendRefs, When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified');
  });
export type HttpRouteRule = z.infer<typeof HttpRouteRuleSchema>;

/** The parent a parentRef names, with an absent namespace equal to '' as in the CRD's CEL. */
function parentKey(p: ParentReference): string {
  return JSON.stringify([p.group, p.kind, p.name, p.namespace ?? '']);
}

/** parentRefs with the two CEL rules on references to the same parent. */
export const ParentRefsSchema = z
  .array(ParentReferenceSchema)
  .max(32)
  .superRefine((refs, ctx) => {
    refs.forEach((p1, i) => {
      const sameParent = refs.filter((p2) => parentKey(p2) === parentKey(p1));
      if (sameParent.some((p2) => (p2.sectionName === undefined) !== (p1.sectionName === undefined)))
        ctx.addIssue({
          code: 'custom',
          message: 'sectionName must be specified when parentRefs includes 2 or more references to the same parent',
          path: [i, 'sectionName'],
        });
    });
    addDuplicateIssues(
      ctx,
      refs,
      (p) => JSON.stringify([parentKey(p), p.sectionName ?? '']),
      { field: 'sectionName', message: () => 'sectionName must be unique when parentRefs includes 2 or more references to the same parent' },
    );
  });

export const HttpRouteSpecSchema = z.object({
  parentRefs: ParentRefsSchema.optional(),
  hostnames: z.array(HostnameSchema).max(16).optional(),
  rules: z
    .array(HttpRouteRuleSchema)
    .min(1)
    .max(16)
    .superRefine((rules, ctx) => {
      const total = rules.reduce((n, r) => n + r.matches.length, 0);
      if (total > 128)
        ctx.addIssue({
          code: 'custom',
          message: `While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128 (found ${total})`,
        });
    })
    .prefault([{ matches: DEFAULT_MATCHES }]),
});
export type HttpRouteSpec = z.infer<typeof HttpRouteSpecSchema>;

export const HttpRouteSchema = z.object({
  apiVersion: servedApiVersionSchema('HTTPRoute', ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'], 'gateway.networking.k8s.io/v1'),
  kind: z.literal('HTTPRoute'),
  metadata: ObjectMetaSchema,
  spec: HttpRouteSpecSchema,
});
export type HttpRoute = z.infer<typeof HttpRouteSchema>;

/** Aliases spelled like the Kubernetes kind. */
export const HTTPRouteSchema = HttpRouteSchema;
export type HTTPRoute = HttpRoute;
export const HTTPRouteSpecSchema = HttpRouteSpecSchema;
export type HTTPRouteSpec = HttpRouteSpec;
