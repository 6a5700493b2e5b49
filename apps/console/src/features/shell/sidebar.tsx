'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { Icon } from '../../components/icons';
import { isActivePath, NAV_GROUPS, NAV_ITEMS, type NavItem } from './nav-items';
import './sidebar.css';

function NavLinks({ items, pathname, namespace }: { items: readonly NavItem[]; pathname: string; namespace: string | null }) {
  return items.map((item) => {
    const active = isActivePath(pathname, item.href);
    const href = item.namespaced && namespace ? `${item.href}?namespace=${encodeURIComponent(namespace)}` : item.href;
    return (
      <li key={item.href}>
        <Link href={href} aria-current={active ? 'page' : undefined} title={item.label}>
          <Icon name={item.icon} />
          <span className="nav-label">{item.label}</span>
        </Link>
      </li>
    );
  });
}

export function Sidebar() {
  const pathname = usePathname();
  const namespace = useSearchParams().get('namespace');
  return (
    <aside className="sidebar">
      <Link href="/" className="brand" aria-label="Gatehouse home">
        <Icon name="logo" size={26} />
        <span className="brand-name">Gatehouse</span>
      </Link>
      <nav className="nav" aria-label="Main">
        <ul>
          <NavLinks items={NAV_ITEMS} pathname={pathname} namespace={namespace} />
        </ul>
        {NAV_GROUPS.map((group) => {
          const headingId = `nav-group-${group.heading.toLowerCase().replace(/\W+/g, '-')}`;
          return (
            <div key={group.heading} className="nav-group">
              <h2 id={headingId} className="nav-group-heading">{group.heading}</h2>
              <ul aria-labelledby={headingId}>
                <NavLinks items={group.items} pathname={pathname} namespace={namespace} />
              </ul>
            </div>
          );
        })}
      </nav>
      <div className="sidebar-foot">Gateway API v1.6 · Upstream TLS</div>
    </aside>
  );
}
