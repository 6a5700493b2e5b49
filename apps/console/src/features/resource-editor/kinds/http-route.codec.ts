import type { z } from 'zod';
import { HttpRouteSchema } from '@gatehouse/domain/route/http-route.schema';
import { cleanObject, copyJson, joinPath, type FormCodec } from '../form-codec';

/**
 * The HTTPRoute form holds the object as it is, so every field the form does not show (backend filters, retry,
 * ExtensionRef filters, a mirror's fraction…) travels through untouched. The only changes toObject makes are the
 * leftovers of inputs that were shown and emptied: a rule's timeouts object with neither timeout, and an emptied
 * list of header or query-parameter matches, of filters, of backends (a redirecting rule has none) or of a header
 * modifier's set/add/remove (the API reads absent and empty alike).
 */

export type HttpRouteForm = z.input<typeof HttpRouteSchema>;

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Removes the members of `obj` named in `keys` that hold an empty list (or an empty object, for `timeouts`). */
function dropEmpty(obj: unknown, keys: readonly string[]): void {
  if (!isObject(obj)) return;
  for (const k of keys) {
    const v = obj[k];
    if ((Array.isArray(v) && v.length === 0) || (k === 'timeouts' && isObject(v) && Object.keys(v).length === 0)) delete obj[k];
  }
}

const each = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The object without the empty leftovers of emptied inputs (see above); everything else as it is. */
export function tidyHttpRoute(obj: Loose): Loose {
  const spec = obj.spec;
  if (!isObject(spec)) return obj;
  for (const rule of each(spec.rules)) {
    if (!isObject(rule)) continue;
    for (const m of each(rule.matches)) dropEmpty(m, ['headers', 'queryParams']);
    for (const f of each(rule.filters)) {
      if (!isObject(f)) continue;
      dropEmpty(f.requestHeaderModifier, ['set', 'add', 'remove']);
      dropEmpty(f.responseHeaderModifier, ['set', 'add', 'remove']);
    }
    dropEmpty(rule, ['timeouts', 'filters', 'backendRefs']);
  }
  return obj;
}

const GW = 'gateway.networking.k8s.io';

export const httpRouteCodec: FormCodec<HttpRouteForm> = {
  kind: 'HTTPRoute', plural: 'httproutes', namespaced: true, schema: HttpRouteSchema,
  blank: (ns) => ({
    apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: { name: '', namespace: ns ?? 'default' },
    spec: { parentRefs: [{ name: '' }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: '', port: 80 }] }] },
  }),
  toForm: (obj) => copyJson(obj) as HttpRouteForm,
  toObject: (values) => tidyHttpRoute(cleanObject(structuredClone(values) as Loose)),
  formPath: (path) => (path.length === 0 ? undefined : joinPath(path)),
};
