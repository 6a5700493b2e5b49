import type { SearchHit } from '../../server/services/search/search-hits';
import { createHref, hrefOf } from '../resource-detail/resource-href';
import { NAV_GROUPS, NAV_ITEMS } from '../shell/nav-items';
import { rankByMatch } from './fuzzy-match';

/** Actions that run where the person is instead of opening a page. */
export type PaletteRun = 'toggle-theme' | 'sign-out';

/** One thing the palette can open or do. */
export interface PaletteItem {
  /** Unique among the items (option ids are made from it). */
  id: string;
  type: 'page' | 'action' | 'object';
  /** What is matched and shown first: the page or action name, or the object's name. */
  label: string;
  /** The tag before the label: Page, Action, or the object's kind. */
  tag: string;
  /** Shown after the label: the namespace of an object, the sidebar group of a page. */
  detail?: string;
  /** Other words that find it (ranked below a match of the label). */
  keywords?: readonly string[];
  /** Where it goes; absent when it runs in place. */
  href?: string;
  run?: PaletteRun;
}

export interface PaletteContext {
  /** The namespace chosen in the picker; namespaced pages keep it, as the sidebar's links do. */
  namespace?: string | undefined;
  /** Mirrors of the server's grants (the server enforces them): editors and admins create, admins register clusters. */
  canWrite: boolean;
  canManage: boolean;
  /** The account has a Gatehouse password (not one from an identity provider). */
  localPassword: boolean;
}

const PAGE_KEYWORDS: Record<string, readonly string[]> = {
  '/': ['home', 'overview'],
  '/gateways': ['listeners'],
  '/routes': ['httproutes'],
  '/tls-policies': ['upstreamtlspolicy', 'backendtlspolicy'],
  '/certificates': ['pki', 'ca', 'x509', 'inventory'],
  '/secrets': ['configmaps'],
  '/clusters': ['kubernetes', 'push', 'drift'],
  '/audit': ['history', 'events', 'changes'],
  '/settings': ['users', 'tokens', 'roles', 'notifications'],
  '/topology': ['graph', 'map'],
  '/simulator': ['simulate', 'match', 'explain'],
  '/probe': ['upstream', 'handshake', 'chain', 'verify'],
};

/** Pages that are not in the sidebar but are worth jumping to. */
const MORE_PAGES: readonly { label: string; href: string; namespaced: boolean; detail: string; keywords: readonly string[] }[] = [
  { label: 'Listener sets', href: '/gateways/listener-sets', namespaced: true, detail: 'Gateways', keywords: ['listenerset', 'listeners'] },
  { label: 'Gateway classes', href: '/gateways/classes', namespaced: false, detail: 'Gateways', keywords: ['gatewayclass'] },
  { label: 'TLS routes', href: '/routes/tls-routes', namespaced: true, detail: 'Routes', keywords: ['tlsroute', 'sni', 'passthrough'] },
  { label: 'Reference grants', href: '/routes/reference-grants', namespaced: true, detail: 'Routes', keywords: ['referencegrant'] },
  { label: 'ConfigMaps', href: '/secrets/config-maps', namespaced: true, detail: 'Secrets', keywords: ['ca bundle'] },
  { label: 'Notifications', href: '/notifications', namespaced: false, detail: 'Account', keywords: ['alerts'] },
  { label: 'Your account', href: '/account', namespaced: false, detail: 'Account', keywords: ['password', 'sessions', 'profile'] },
];

function withNamespace(href: string, namespaced: boolean, namespace: string | undefined): string {
  return namespaced && namespace ? `${href}?namespace=${encodeURIComponent(namespace)}` : href;
}

/** Every page of the sidebar and its tools (then a few more), and the actions the role may take, in display order. */
export function paletteCommands(ctx: PaletteContext): PaletteItem[] {
  const page = (label: string, href: string, namespaced: boolean, detail: string | undefined, keywords: readonly string[] = []): PaletteItem => ({
    id: `page:${href}`, type: 'page', tag: 'Page', label, href: withNamespace(href, namespaced, ctx.namespace), keywords, ...(detail ? { detail } : {}),
  });
  const pages = [
    ...NAV_ITEMS.map((n) => page(n.label, n.href, n.namespaced, undefined, PAGE_KEYWORDS[n.href])),
    ...NAV_GROUPS.flatMap((g) => g.items.map((n) => page(n.label, n.href, n.namespaced, g.heading, PAGE_KEYWORDS[n.href]))),
    ...MORE_PAGES.map((p) => page(p.label, p.href, p.namespaced, p.detail, p.keywords)),
  ];
  const action = (id: string, label: string, target: { href: string } | { run: PaletteRun }, keywords: readonly string[]): PaletteItem => ({
    id: `action:${id}`, type: 'action', tag: 'Action', label, keywords, ...target,
  });
  const actions = [
    ctx.canWrite ? action('new-gateway', 'New gateway', { href: createHref('gateways', ctx.namespace) }, ['create gateway', 'add gateway']) : null,
    ctx.canWrite ? action('new-route', 'New route', { href: createHref('httproutes', ctx.namespace) }, ['create httproute', 'add route']) : null,
    ctx.canWrite ? action('new-certificate', 'New certificate (wizard)', { href: '/certificates/new' }, ['issue', 'create ca', 'import', 'csr']) : null,
    ctx.canManage ? action('register-cluster', 'Register a cluster', { href: '/clusters' }, ['add cluster', 'kubeconfig']) : null,
    ctx.localPassword ? action('change-password', 'Change my password', { href: '/account' }, ['account']) : null,
    action('toggle-theme', 'Toggle theme', { run: 'toggle-theme' }, ['dark theme', 'light theme', 'mode']),
    action('sign-out', 'Sign out', { run: 'sign-out' }, ['log out', 'logout']),
  ].filter((a): a is PaletteItem => a !== null);
  return [...pages, ...actions];
}

/** The page of a search hit: the object's page, a certificate's by id, a cluster's by name. */
export function hitHref(hit: SearchHit): string | undefined {
  if (hit.kind === 'Certificate') return hit.id ? `/certificates/${encodeURIComponent(hit.id)}` : undefined;
  if (hit.kind === 'Cluster') return `/clusters/${encodeURIComponent(hit.name)}`;
  return hrefOf({ group: hit.group, kind: hit.kind, namespace: hit.namespace ?? '', name: hit.name });
}

/** Server search hits as palette items (kind, namespace and name); hits without a page are left out. */
export function objectItems(hits: readonly SearchHit[]): PaletteItem[] {
  return hits.flatMap((h) => {
    const href = hitHref(h);
    if (!href) return [];
    const detail = [h.namespace ? `namespace ${h.namespace}` : '', h.detail ?? ''].filter(Boolean).join(' · ');
    return [{
      id: `object:${h.kind}/${h.namespace ?? ''}/${h.id ?? h.name}`, type: 'object' as const, tag: h.kind, label: h.name, href,
      ...(detail ? { detail } : {}), ...(h.namespace ? { keywords: [`${h.namespace}/${h.name}`] } : {}),
    }];
  });
}

export interface RankedItem {
  item: PaletteItem;
  /** Characters of the label to highlight. */
  highlight: number[];
}

/**
 * What the palette lists for a query: with nothing typed, every page and action in order; otherwise pages, actions
 * and objects ranked together by the fuzzy matcher (equal scores: pages, then actions, then objects).
 */
export function rankPalette(query: string, commands: readonly PaletteItem[], objects: readonly PaletteItem[], limit = 50): RankedItem[] {
  if (query.trim() === '') return commands.map((item) => ({ item, highlight: [] }));
  return rankByMatch(query, [...commands, ...objects], (i) => [i.label, ...(i.keywords ?? [])])
    .slice(0, limit)
    .map(({ item, highlight }) => ({ item, highlight }));
}
