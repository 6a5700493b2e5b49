import type { PathModifier } from '../routing-table/routing-table';

/**
 * The path after a ReplaceFullPath or ReplacePrefixMatch modifier (URLRewrite and RequestRedirect share it).
 * `matchedPrefix` is the rule's PathPrefix value without its trailing slash ('' for "/"). Prefix replacement is
 * segment-wise and ignores trailing slashes on both sides, as the spec's table shows:
 * `/foo/bar` with prefix `/foo` → `/xyz/bar` for `/xyz` and `/xyz/`; `/foo/` → `/xyz/`; `/foo` with `/` → `/`.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httppathmodifier
 */
export function replacePath(path: string, modifier: PathModifier, matchedPrefix: string): string {
  if (modifier.type === 'ReplaceFullPath') return modifier.value === '' ? '/' : modifier.value;
  const rest = path.startsWith(matchedPrefix) ? path.slice(matchedPrefix.length) : path;
  const replacement = modifier.value.endsWith('/') ? modifier.value.slice(0, -1) : modifier.value;
  const out = replacement + rest;
  return out === '' ? '/' : out.startsWith('/') ? out : `/${out}`;
}

/** Splits a request target into its path and its query (with the `?`, or ''). */
export function splitQuery(target: string): { path: string; query: string } {
  const q = target.indexOf('?');
  return q < 0 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q) };
}
