import type { HttpRouteView, RouteMatchView, ValueMatchView } from '../input/http-route-input';
import type { HeaderMatch, PathMatchType, QueryParamMatch, ValueMatchType } from '../routing-table/routing-table';

/** A validated HTTPRouteMatch, ready to become a MatchEntry once its hostname is known. */
export interface MatchSpec {
  ruleIndex: number;
  matchIndex: number;
  pathType: PathMatchType;
  pathValue: string;
  pathPrefix: string;
  method: string | null;
  headers: HeaderMatch[];
  queryParams: QueryParamMatch[];
}

export interface RouteMatchProblem {
  path: string;
  message: string;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/** Is this a usable regular expression? Gateway API regexes are RE2; JS syntax covers the common subset. */
function isValidRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

function readValueMatches(list: readonly ValueMatchView[], where: string, problems: RouteMatchProblem[]): Array<{ name: string; type: ValueMatchType; value: string }> {
  const out: Array<{ name: string; type: ValueMatchType; value: string }> = [];
  const seen = new Set<string>();
  list.forEach((m, i) => {
    // "If multiple entries specify equivalent names, only the first entry ... MUST be considered."
    if (seen.has(m.name)) return;
    seen.add(m.name);
    if (m.type !== 'Exact' && m.type !== 'RegularExpression') {
      problems.push({ path: `${where}[${i}].type`, message: `match type ${m.type} is not supported` });
      return;
    }
    if (m.type === 'RegularExpression' && !isValidRegex(m.value)) {
      problems.push({ path: `${where}[${i}].value`, message: `invalid regular expression ${JSON.stringify(m.value)}` });
      return;
    }
    out.push({ name: m.name, type: m.type, value: m.value });
  });
  return out;
}

function toSpec(m: RouteMatchView, ruleIndex: number, matchIndex: number, problems: RouteMatchProblem[]): MatchSpec | null {
  const where = `spec.rules[${ruleIndex}].matches[${matchIndex}]`;
  const before = problems.length;
  const pathType = m.pathType;
  if (pathType !== 'Exact' && pathType !== 'PathPrefix' && pathType !== 'RegularExpression') {
    problems.push({ path: `${where}.path.type`, message: `path match type ${pathType} is not supported` });
  } else if (pathType !== 'RegularExpression' && !m.pathValue.startsWith('/')) {
    problems.push({ path: `${where}.path.value`, message: 'must be an absolute path (start with "/")' });
  } else if (pathType === 'RegularExpression' && !isValidRegex(m.pathValue)) {
    problems.push({ path: `${where}.path.value`, message: `invalid regular expression ${JSON.stringify(m.pathValue)}` });
  }
  if (m.method !== undefined && !METHODS.has(m.method)) {
    problems.push({ path: `${where}.method`, message: `method ${m.method} is not supported` });
  }
  const headers = readValueMatches(m.headers, `${where}.headers`, problems);
  const queryParams = readValueMatches(m.queryParams, `${where}.queryParams`, problems);
  if (problems.length > before) return null;
  // "When specified, a trailing `/` is ignored" for PathPrefix; "/" itself matches every path.
  const trimmed = m.pathValue.length > 1 && m.pathValue.endsWith('/') ? m.pathValue.replace(/\/+$/, '') : m.pathValue;
  return {
    ruleIndex,
    matchIndex,
    pathType: pathType as PathMatchType,
    pathValue: m.pathValue,
    pathPrefix: pathType === 'PathPrefix' ? (trimmed === '/' ? '' : trimmed) : '',
    method: m.method ?? null,
    headers,
    queryParams,
  };
}

/**
 * Validates every match of a route. A value this worker cannot evaluate makes the whole route
 * Accepted=False/UnsupportedValue rather than silently matching something else.
 */
export function compileRouteMatches(route: HttpRouteView): { specs: MatchSpec[]; problems: RouteMatchProblem[] } {
  const specs: MatchSpec[] = [];
  const problems: RouteMatchProblem[] = [];
  route.rules.forEach((rule, ruleIndex) => {
    rule.matches.forEach((m, matchIndex) => {
      const spec = toSpec(m, ruleIndex, matchIndex, problems);
      if (spec !== null) specs.push(spec);
    });
  });
  return { specs, problems };
}
