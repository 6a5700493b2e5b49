import type { IconName } from '../../components/icons';
import { sectionPathOf } from '../resource-detail/resource-href';

export interface NavItem {
  label: string;
  href: string;
  icon: IconName;
  namespaced: boolean;
}

/** The sidebar, in this order and with these accessible names (issue 4 §2; Clusters: issue 7 §7). */
export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Dashboard', href: '/', icon: 'dashboard', namespaced: true },
  { label: 'Gateways', href: '/gateways', icon: 'gateways', namespaced: true },
  { label: 'Routes', href: '/routes', icon: 'routes', namespaced: true },
  { label: 'Services', href: '/services', icon: 'services', namespaced: true },
  { label: 'TLS Policies', href: '/tls-policies', icon: 'policies', namespaced: true },
  { label: 'Certificates', href: '/certificates', icon: 'certificates', namespaced: false },
  { label: 'Secrets', href: '/secrets', icon: 'secrets', namespaced: true },
  { label: 'Clusters', href: '/clusters', icon: 'clusters', namespaced: false },
  { label: 'Audit Log', href: '/audit', icon: 'audit', namespaced: true },
  { label: 'Settings', href: '/settings', icon: 'settings', namespaced: false },
];

/** Groups below the main list, each under a heading (the pages that look across objects). */
export const NAV_GROUPS: readonly { heading: string; items: readonly NavItem[] }[] = [
  {
    heading: 'Tools',
    items: [
      { label: 'Topology', href: '/topology', icon: 'topology', namespaced: true },
      { label: 'Request simulator', href: '/simulator', icon: 'simulator', namespaced: true },
      { label: 'TLS probe', href: '/probe', icon: 'probe', namespaced: true },
    ],
  },
];

/** Whether `pathname` is the page of `href` or below it (`/` only matches itself). */
export function isActivePath(pathname: string, href: string): boolean {
  // An object's page (/resources/gateways/…) belongs to the section that lists its kind.
  const path = sectionPathOf(pathname) ?? pathname;
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}
