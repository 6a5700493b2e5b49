import type { KubeObject } from '@gatehouse/domain/object/meta';

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** One HTTPRouteFilter in words. */
export interface FilterView {
  type: string;
  /** Where it is written: the rule, or one backendRef of it. */
  scope: string;
  text: string;
}

function headerEdits(m: Obj | undefined): string {
  if (!m) return 'no changes';
  const parts: string[] = [];
  for (const h of asArr(m.set)) parts.push(`set ${str(asObj(h)?.name) ?? '?'}: ${str(asObj(h)?.value) ?? ''}`);
  for (const h of asArr(m.add)) parts.push(`add ${str(asObj(h)?.name) ?? '?'}: ${str(asObj(h)?.value) ?? ''}`);
  const removed = asArr(m.remove).map(str).filter((x): x is string => x !== undefined);
  if (removed.length > 0) parts.push(`remove ${removed.join(', ')}`);
  return parts.length === 0 ? 'no changes' : parts.join('; ');
}

function pathModifier(p: Obj | undefined): string | undefined {
  if (!p) return undefined;
  if (p.type === 'ReplaceFullPath') return `path → ${str(p.replaceFullPath) ?? ''}`;
  if (p.type === 'ReplacePrefixMatch') return `matched prefix → ${str(p.replacePrefixMatch) ?? ''}`;
  return undefined;
}

/**
 * A filter as a sentence, field names as the Gateway API spells them.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutefilter
 */
export function describeFilter(raw: unknown): { type: string; text: string } {
  const f = asObj(raw) ?? {};
  const type = str(f.type) ?? 'unknown';
  switch (type) {
    case 'RequestHeaderModifier':
      return { type, text: `request headers: ${headerEdits(asObj(f.requestHeaderModifier))}` };
    case 'ResponseHeaderModifier':
      return { type, text: `response headers: ${headerEdits(asObj(f.responseHeaderModifier))}` };
    case 'RequestRedirect': {
      const r = asObj(f.requestRedirect) ?? {};
      const parts = [str(r.scheme) && `scheme ${str(r.scheme)}`, str(r.hostname) && `host ${str(r.hostname)}`, str(r.port) && `port ${str(r.port)}`, pathModifier(asObj(r.path))].filter(Boolean);
      return { type, text: `redirect with ${str(r.statusCode) ?? '302'}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}` };
    }
    case 'URLRewrite': {
      const r = asObj(f.urlRewrite) ?? {};
      const parts = [str(r.hostname) && `Host → ${str(r.hostname)}`, pathModifier(asObj(r.path))].filter(Boolean);
      return { type, text: `rewrite ${parts.length > 0 ? parts.join(', ') : 'nothing'}` };
    }
    case 'RequestMirror': {
      const b = asObj(asObj(f.requestMirror)?.backendRef) ?? {};
      return { type, text: `mirror to ${str(b.kind) ?? 'Service'} ${str(b.name) ?? '?'}${str(b.port) ? `:${str(b.port)}` : ''}` };
    }
    case 'CORS': {
      const c = asObj(f.cors) ?? {};
      const list = (v: unknown) => asArr(v).map(str).filter((x): x is string => x !== undefined).join(', ');
      return { type, text: `CORS for origins ${list(c.allowOrigins) || '(none)'}${asArr(c.allowMethods).length > 0 ? `, methods ${list(c.allowMethods)}` : ''}${c.allowCredentials === true ? ', with credentials' : ''}` };
    }
    case 'ExtensionRef': {
      const e = asObj(f.extensionRef) ?? {};
      return { type, text: `extension ${str(e.group) ?? ''}/${str(e.kind) ?? ''} ${str(e.name) ?? ''}` };
    }
    default:
      return { type, text: type };
  }
}

/** Filters of one rule and of its backendRefs, read from the route object. */
export function ruleFilters(route: KubeObject | undefined, ruleIndex: number): FilterView[] {
  const rule = asObj(asArr(asObj(route?.spec)?.rules)[ruleIndex]);
  if (!rule) return [];
  const out: FilterView[] = asArr(rule.filters).map((f) => ({ ...describeFilter(f), scope: 'rule' }));
  asArr(rule.backendRefs).forEach((b, i) => {
    for (const f of asArr(asObj(b)?.filters)) out.push({ ...describeFilter(f), scope: `backendRefs[${i}] (${str(asObj(b)?.name) ?? '?'})` });
  });
  return out;
}
