'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { Icon } from '../../components/icons';
import { isActivePath, NAV_ITEMS } from './nav-items';

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
          {NAV_ITEMS.map((item) => {
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
          })}
        </ul>
      </nav>
      <div className="sidebar-foot">Gateway API v1.6 · Upstream TLS</div>
    </aside>
  );
}
