import { z } from 'zod';
import { GroupSchema, HeaderNameSchema, KindSchema, ObjectNameSchema, PortNumberSchema, PreciseHostnameSchema } from '../gateway-api/names.schema';
import { BackendObjectReferenceSchema } from '../gateway-api/references.schema';
import { addDuplicateIssues } from '../object/unique-items';

/**
 * HTTPRouteFilter of Gateway API v1.6.1 standard channel (apis/v1/httproute_types.go): the same shape on rules
 * and on backendRefs, with the CRD's defaults and CEL rules.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutefilter
 */

const HttpHeaderSchema = z.object({ name: HeaderNameSchema, value: z.string().min(1).max(4096) });
export type HttpHeader = z.infer<typeof HttpHeaderSchema>;

const headerList = z
  .array(HttpHeaderSchema)
  .max(16)
  .superRefine((headers, ctx) => addDuplicateIssues(ctx, headers, (h) => h.name, { field: 'name' }));

/** HTTPHeaderFilter: set / add (list maps keyed by name) and remove (a set). */
export const HttpHeaderFilterSchema = z.object({
  set: headerList.optional(),
  add: headerList.optional(),
  remove: z
    .array(z.string())
    .max(16)
    .superRefine((names, ctx) => addDuplicateIssues(ctx, names, (n) => n))
    .optional(),
});
export type HttpHeaderFilter = z.infer<typeof HttpHeaderFilterSchema>;

/** HTTPPathModifier with its four CEL rules tying `type` to the field it names. */
export const HttpPathModifierSchema = z
  .object({
    type: z.enum(['ReplaceFullPath', 'ReplacePrefixMatch']),
    replaceFullPath: z.string().max(1024).optional(),
    replacePrefixMatch: z.string().max(1024).optional(),
  })
  .superRefine((p, ctx) => {
    const add = (message: string, field: string) => ctx.addIssue({ code: 'custom', message, path: [field] });
    if (p.type === 'ReplaceFullPath' && p.replaceFullPath === undefined)
      add("replaceFullPath must be specified when type is set to 'ReplaceFullPath'", 'replaceFullPath');
    if (p.replaceFullPath !== undefined && p.type !== 'ReplaceFullPath')
      add("type must be 'ReplaceFullPath' when replaceFullPath is set", 'type');
    if (p.type === 'ReplacePrefixMatch' && p.replacePrefixMatch === undefined)
      add("replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'", 'replacePrefixMatch');
    if (p.replacePrefixMatch !== undefined && p.type !== 'ReplacePrefixMatch')
      add("type must be 'ReplacePrefixMatch' when replacePrefixMatch is set", 'type');
  });
export type HttpPathModifier = z.infer<typeof HttpPathModifierSchema>;

/** HTTPRequestRedirectFilter: statusCode defaults to 302. */
export const HttpRequestRedirectFilterSchema = z.object({
  scheme: z.enum(['http', 'https']).optional(),
  hostname: PreciseHostnameSchema.optional(),
  path: HttpPathModifierSchema.optional(),
  port: PortNumberSchema.optional(),
  statusCode: z
    .union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)], {
      error: () => 'must be one of 301, 302, 303, 307, 308',
    })
    .default(302),
});
export type HttpRequestRedirectFilter = z.infer<typeof HttpRequestRedirectFilterSchema>;

/** HTTPURLRewriteFilter. */
export const HttpUrlRewriteFilterSchema = z.object({
  hostname: PreciseHostnameSchema.optional(),
  path: HttpPathModifierSchema.optional(),
});
export type HttpUrlRewriteFilter = z.infer<typeof HttpUrlRewriteFilterSchema>;

/** HTTPRequestMirrorFilter: percent or fraction (not both); fraction.denominator defaults to 100. */
export const HttpRequestMirrorFilterSchema = z
  .object({
    backendRef: BackendObjectReferenceSchema,
    percent: z.number().int().min(0).max(100).optional(),
    fraction: z
      .object({
        numerator: z.number().int().min(0),
        denominator: z.number().int().min(1).default(100),
      })
      .superRefine((f, ctx) => {
        if (f.numerator > f.denominator)
          ctx.addIssue({ code: 'custom', message: 'numerator must be less than or equal to denominator', path: ['numerator'] });
      })
      .optional(),
  })
  .superRefine((m, ctx) => {
    if (m.percent !== undefined && m.fraction !== undefined)
      ctx.addIssue({ code: 'custom', message: 'Only one of percent or fraction may be specified in HTTPRequestMirrorFilter', path: ['fraction'] });
  });
export type HttpRequestMirrorFilter = z.infer<typeof HttpRequestMirrorFilterSchema>;

const CORS_ORIGIN = /(^\*$)|(^(http(s)?):\/\/(((\*\.)?([a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+|\*)(:([0-9]{1,5}))?)$)/;

/** A `x-kubernetes-list-type: set` of strings that may hold '*' only alone. */
function corsSet<T extends z.ZodType<string>>(item: T, max: number, what: string | undefined) {
  return z
    .array(item)
    .max(max)
    .superRefine((values, ctx) => {
      addDuplicateIssues(ctx, values, (v) => v);
      if (what !== undefined && values.some((v) => v === '*') && values.length > 1)
        ctx.addIssue({ code: 'custom', message: `${what} cannot contain '*' alongside other ${what === 'AllowOrigins' ? 'origins' : 'methods'}` });
    });
}

/** HTTPCORSFilter (standard since v1.5): maxAge defaults to 5 seconds. */
export const HttpCorsFilterSchema = z.object({
  allowOrigins: corsSet(z.string().min(1).max(253).regex(CORS_ORIGIN, 'must be "*" or an origin such as https://*.example.com:8443'), 64, 'AllowOrigins').optional(),
  allowCredentials: z.boolean().optional(),
  allowMethods: corsSet(z.enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', '*']), 9, 'AllowMethods').optional(),
  allowHeaders: corsSet(HeaderNameSchema, 64, 'AllowHeaders').optional(),
  exposeHeaders: corsSet(HeaderNameSchema, 64, undefined).optional(),
  maxAge: z.number().int().min(1).default(5),
});
export type HttpCorsFilter = z.infer<typeof HttpCorsFilterSchema>;

/** LocalObjectReference for ExtensionRef filters (all three fields required). */
export const ExtensionRefSchema = z.object({ group: GroupSchema, kind: KindSchema, name: ObjectNameSchema });

export const HTTP_ROUTE_FILTER_TYPES = [
  'RequestHeaderModifier',
  'ResponseHeaderModifier',
  'RequestMirror',
  'RequestRedirect',
  'URLRewrite',
  'ExtensionRef',
  'CORS',
] as const;
export type HttpRouteFilterType = (typeof HTTP_ROUTE_FILTER_TYPES)[number];

/** The field that carries each filter type's configuration. */
const FIELD_OF: Record<HttpRouteFilterType, 'requestHeaderModifier' | 'responseHeaderModifier' | 'requestMirror' | 'requestRedirect' | 'urlRewrite' | 'extensionRef' | 'cors'> = {
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestMirror: 'requestMirror',
  RequestRedirect: 'requestRedirect',
  URLRewrite: 'urlRewrite',
  ExtensionRef: 'extensionRef',
  CORS: 'cors',
};

/**
 * HTTPRouteFilter. CEL: the field named by `type` must be set and every other filter field must not be
 * ("filter.cors must be nil if the filter.type is not CORS", "filter.cors must be specified for CORS filter.type").
 */
export const HttpRouteFilterSchema = z
  .object({
    type: z.enum(HTTP_ROUTE_FILTER_TYPES),
    requestHeaderModifier: HttpHeaderFilterSchema.optional(),
    responseHeaderModifier: HttpHeaderFilterSchema.optional(),
    requestMirror: HttpRequestMirrorFilterSchema.optional(),
    requestRedirect: HttpRequestRedirectFilterSchema.optional(),
    urlRewrite: HttpUrlRewriteFilterSchema.optional(),
    extensionRef: ExtensionRefSchema.optional(),
    cors: HttpCorsFilterSchema.optional(),
  })
  .superRefine((f, ctx) => {
    for (const type of HTTP_ROUTE_FILTER_TYPES) {
      const field = FIELD_OF[type];
      if (f[field] !== undefined && f.type !== type)
        ctx.addIssue({ code: 'custom', message: `filter.${field} must be nil if the filter.type is not ${type}`, path: [field] });
      if (f[field] === undefined && f.type === type)
        ctx.addIssue({ code: 'custom', message: `filter.${field} must be specified for ${type} filter.type`, path: [field] });
    }
  });
export type HttpRouteFilter = z.infer<typeof HttpRouteFilterSchema>;

/** A filter list (rule or backendRef) with the list-level CEL rules: no redirect with rewrite, no repeats. */
export const HttpRouteFiltersSchema = z
  .array(HttpRouteFilterSchema)
  .max(16)
  .superRefine((filters, ctx) => {
    const count = (t: HttpRouteFilterType) => filters.filter((f) => f.type === t).length;
    if (count('RequestRedirect') > 0 && count('URLRewrite') > 0)
      ctx.addIssue({ code: 'custom', message: 'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both' });
    for (const t of ['CORS', 'RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite'] as const) {
      if (count(t) > 1) ctx.addIssue({ code: 'custom', message: `${t} filter cannot be repeated` });
    }
  });
