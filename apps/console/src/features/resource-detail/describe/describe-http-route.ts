import type { KubeObject } from '@gatehouse/domain/object/meta';
import { asArr, asNum, asObj, asStr, at, type Obj } from '../../resources/read-object';
import { listWords, qualified, type SpecLine, type SpecSection } from './spec-words';

/**
 * An HTTPRoute's spec in words: where it attaches, which hosts, and per rule which requests go where.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproute
 */

/** `Gateway simple-fsm-gateway, port 8000` (kind only when it is not a Gateway). @see https://gateway-api.sigs.k8s.io/reference/spec/#parentreference */
export function describeParentRef(ref: unknown, ownNs: string | undefined): string {
  const r = asObj(ref);
  const kind = asStr(r?.kind) ?? 'Gateway';
  const section = asStr(r?.sectionName);
  const port = asNum(r?.port);
  const where = [section ? `listener ${section}` : '', port !== undefined ? `port ${port}` : ''].filter(Boolean).join(', ');
  return `${kind} ${qualified(asStr(r?.name) ?? '?', asStr(r?.namespace), ownNs)}${where ? `, ${where}` : ''}`;
}

/** One HTTPRouteMatch: its conditions are ANDed. @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutematch */
export function describeMatch(match: unknown): string {
  const m = asObj(match);
  const path = asObj(m?.path);
  const type = asStr(path?.type) ?? 'PathPrefix';
  const value = asStr(path?.value) ?? '/';
  const parts = [
    type === 'Exact' ? `path is exactly ${value}` : type === 'RegularExpression' ? `path matches the regular expression ${value}` : value === '/' ? 'any path' : `path starts with ${value}`,
  ];
  const method = asStr(m?.method);
  if (method) parts.push(`method ${method}`);
  for (const h of asArr(m?.headers)) {
    const o = asObj(h);
    parts.push(`header ${asStr(o?.name)} ${asStr(o?.type) === 'RegularExpression' ? 'matches' : 'is'} ${asStr(o?.value)}`);
  }
  for (const q of asArr(m?.queryParams)) {
    const o = asObj(q);
    parts.push(`query parameter ${asStr(o?.name)} ${asStr(o?.type) === 'RegularExpression' ? 'matches' : 'is'} ${asStr(o?.value)}`);
  }
  return listWords(parts);
}

/** `Service httpbin port 8443` (kind only when it is not a Service). */
export function describeBackendRef(ref: unknown, ownNs: string | undefined): string {
  const o = asObj(ref);
  const kind = asStr(o?.kind) ?? 'Service';
  const port = asNum(o?.port);
  return `${kind} ${qualified(asStr(o?.name) ?? '?', asStr(o?.namespace), ownNs)}${port !== undefined ? ` port ${port}` : ''}`;
}

function headerChanges(mod: unknown): string {
  const o = asObj(mod);
  const pairs = (k: string) => asArr(o?.[k]).map((h) => `${asStr(asObj(h)?.name)}: ${asStr(asObj(h)?.value)}`);
  const parts = [
    pairs('set').length > 0 ? `set ${pairs('set').join(', ')}` : '',
    pairs('add').length > 0 ? `add ${pairs('add').join(', ')}` : '',
    asArr(o?.remove).length > 0 ? `remove ${asArr(o?.remove).map(String).join(', ')}` : '',
  ].filter(Boolean);
  return parts.join('; ') || 'no changes';
}

function pathChange(path: unknown): string | undefined {
  const p = asObj(path);
  if (!p) return undefined;
  return asStr(p.type) === 'ReplacePrefixMatch' ? `path prefix to ${asStr(p.replacePrefixMatch)}` : `path to ${asStr(p.replaceFullPath)}`;
}

/** One HTTPRouteFilter. @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutefilter */
export function describeFilter(filter: unknown, ownNs: string | undefined): string {
  const f = asObj(filter);
  const type = asStr(f?.type) ?? '?';
  switch (type) {
    case 'RequestHeaderModifier':
      return `Request headers: ${headerChanges(f?.requestHeaderModifier)}`;
    case 'ResponseHeaderModifier':
      return `Response headers: ${headerChanges(f?.responseHeaderModifier)}`;
    case 'RequestRedirect': {
      const r = asObj(f?.requestRedirect);
      const parts = [asStr(r?.scheme) ? `scheme ${asStr(r?.scheme)}` : '', asStr(r?.hostname) ? `host ${asStr(r?.hostname)}` : '', asNum(r?.port) ? `port ${asNum(r?.port)}` : '', pathChange(r?.path) ?? ''].filter(Boolean);
      return `Redirect (${asNum(r?.statusCode) ?? 302})${parts.length > 0 ? ` with ${listWords(parts)}` : ''}`;
    }
    case 'URLRewrite': {
      const r = asObj(f?.urlRewrite);
      const parts = [asStr(r?.hostname) ? `host to ${asStr(r?.hostname)}` : '', pathChange(r?.path) ?? ''].filter(Boolean);
      return `Rewrite ${parts.length > 0 ? listWords(parts) : 'nothing'}`;
    }
    case 'RequestMirror':
      return `Mirror requests to ${describeBackendRef(at(f, 'requestMirror', 'backendRef'), ownNs)}`;
    case 'ExtensionRef':
      return `Extension ${asStr(at(f, 'extensionRef', 'kind'))} ${asStr(at(f, 'extensionRef', 'name'))}`;
    default:
      return `${type} filter`;
  }
}

/** Where a rule sends requests: one backend, a weighted split, or nowhere (500 as the spec asks). */
export function describeBackends(backendRefs: unknown[], ownNs: string | undefined): string {
  if (backendRefs.length === 0) return 'no backend: requests get 500';
  const weights = backendRefs.map((b) => asNum(asObj(b)?.weight) ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  if (backendRefs.length === 1) return weights[0] === 0 ? `${describeBackendRef(backendRefs[0], ownNs)} (weight 0: no traffic)` : describeBackendRef(backendRefs[0], ownNs);
  if (total === 0) return 'every backend has weight 0: requests get 500';
  return `split ${listWords(backendRefs.map((b, i) => `${Math.round(((weights[i] ?? 0) / total) * 100)}% to ${describeBackendRef(b, ownNs)}`))}`;
}

export function describeRule(rule: Obj, index: number, ownNs: string | undefined): SpecLine {
  const matches = asArr(rule.matches);
  const when = matches.length === 0 ? 'any path' : matches.map(describeMatch).join(' or ');
  const name = asStr(rule.name);
  const text = `Rule ${index + 1}${name ? ` (${name})` : ''}: requests where ${when} → ${describeBackends(asArr(rule.backendRefs), ownNs)}`;
  const extras = asArr(rule.filters).map((f) => describeFilter(f, ownNs));
  const request = asStr(at(rule, 'timeouts', 'request'));
  const backendRequest = asStr(at(rule, 'timeouts', 'backendRequest'));
  if (request) extras.push(`request timeout ${request}`);
  if (backendRequest) extras.push(`backend request timeout ${backendRequest}`);
  const attempts = asNum(at(rule, 'retry', 'attempts'));
  if (attempts !== undefined) extras.push(`retry up to ${attempts} time${attempts === 1 ? '' : 's'}`);
  return extras.length > 0 ? { text, detail: extras.join(' · ') } : { text };
}

export function describeHttpRouteSpec(route: KubeObject): SpecSection[] {
  const spec = asObj(route.spec);
  const ns = route.metadata.namespace;
  const parents = asArr(spec?.parentRefs).map((p) => ({ text: describeParentRef(p, ns) }));
  const hostnames = asArr(spec?.hostnames).map(String);
  return [
    { title: 'Attaches to', lines: parents.length > 0 ? parents : [{ text: 'No parent: the route is not attached to any Gateway' }] },
    { title: 'Hostnames', lines: [{ text: hostnames.length > 0 ? listWords(hostnames) : 'Any hostname the listener accepts' }] },
    { title: 'Rules', lines: asArr(spec?.rules).map((r, i) => describeRule(asObj(r) ?? {}, i, ns)) },
  ];
}
