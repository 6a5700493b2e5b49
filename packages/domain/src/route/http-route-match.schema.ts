import { z } from 'zod';
import { HeaderNameSchema } from '../gateway-api/names.schema';
import { addDuplicateIssues } from '../object/unique-items';

/**
 * HTTPRouteMatch of Gateway API v1.6.1 (apis/v1/httproute_types.go) with the CRD's defaults and CEL rules.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutematch
 */

const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;

/** HTTPPathMatch: type defaults to PathPrefix and value to "/". */
export const HttpPathMatchSchema = z
  .object({
    type: z.enum(['Exact', 'PathPrefix', 'RegularExpression']).default('PathPrefix'),
    value: z.string().max(1024).default('/'),
  })
  .superRefine((p, ctx) => {
    if (p.type === 'RegularExpression') return;
    // The CEL rules of HTTPPathMatch, in the CRD's order and wording.
    const problems: [boolean, string][] = [
      [!p.value.startsWith('/'), "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']"],
      [p.value.includes('//'), "must not contain '//' when type one of ['Exact', 'PathPrefix']"],
      [p.value.includes('/./'), "must not contain '/./' when type one of ['Exact', 'PathPrefix']"],
      [p.value.includes('/../'), "must not contain '/../' when type one of ['Exact', 'PathPrefix']"],
      [p.value.includes('%2f'), "must not contain '%2f' when type one of ['Exact', 'PathPrefix']"],
      [p.value.includes('%2F'), "must not contain '%2F' when type one of ['Exact', 'PathPrefix']"],
      [p.value.includes('#'), "must not contain '#' when type one of ['Exact', 'PathPrefix']"],
      [p.value.endsWith('/..'), "must not end with '/..' when type one of ['Exact', 'PathPrefix']"],
      [p.value.endsWith('/.'), "must not end with '/.' when type one of ['Exact', 'PathPrefix']"],
      [
        !PATH_CHARS.test(p.value),
        "must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']",
      ],
    ];
    for (const [failed, message] of problems) if (failed) ctx.addIssue({ code: 'custom', message, path: ['value'] });
  });
export type HttpPathMatch = z.infer<typeof HttpPathMatchSchema>;

/** HTTPHeaderMatch: type defaults to Exact. */
export const HttpHeaderMatchSchema = z.object({
  type: z.enum(['Exact', 'RegularExpression']).default('Exact'),
  name: HeaderNameSchema,
  value: z.string().min(1).max(4096),
});
export type HttpHeaderMatch = z.infer<typeof HttpHeaderMatchSchema>;

/** HTTPQueryParamMatch: type defaults to Exact. */
export const HttpQueryParamMatchSchema = z.object({
  type: z.enum(['Exact', 'RegularExpression']).default('Exact'),
  name: HeaderNameSchema,
  value: z.string().min(1).max(1024),
});
export type HttpQueryParamMatch = z.infer<typeof HttpQueryParamMatchSchema>;

export const HttpMethodSchema = z.enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);
export type HttpMethod = z.infer<typeof HttpMethodSchema>;

/**
 * HTTPRouteMatch: the fields are ANDed. `headers` and `queryParams` are `x-kubernetes-list-type: map` keyed by
 * name, so a name may appear once per match (exact, case-sensitive comparison, as the API server does it).
 */
export const HttpRouteMatchSchema = z.object({
  path: HttpPathMatchSchema.prefault({ type: 'PathPrefix', value: '/' }),
  headers: z
    .array(HttpHeaderMatchSchema)
    .max(16)
    .superRefine((headers, ctx) => addDuplicateIssues(ctx, headers, (h) => h.name, { field: 'name' }))
    .optional(),
  queryParams: z
    .array(HttpQueryParamMatchSchema)
    .max(16)
    .superRefine((params, ctx) => addDuplicateIssues(ctx, params, (q) => q.name, { field: 'name' }))
    .optional(),
  method: HttpMethodSchema.optional(),
});
export type HttpRouteMatch = z.infer<typeof HttpRouteMatchSchema>;
