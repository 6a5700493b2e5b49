'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';

/**
 * Links between lists that belong together (Secrets | Config maps), keeping the chosen namespace; the list's own
 * cursor, sort and filters are left behind, since they belong to the other list.
 */
export function SectionTabs({ label, tabs }: { label: string; tabs: readonly { href: string; label: string }[] }) {
  const pathname = usePathname();
  const ns = useSearchParams().get('namespace');
  return (
    <nav aria-label={label} className="row filters">
      {tabs.map((t) => {
        const current = pathname === t.href;
        return (
          <Link key={t.href} href={ns ? `${t.href}?namespace=${encodeURIComponent(ns)}` : t.href}
            className={`button small${current ? ' primary' : ''}`} aria-current={current ? 'page' : undefined}>
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
