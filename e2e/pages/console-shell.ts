import type { Locator, Page } from '@playwright/test';

/** The sidebar, in order, with the accessible names issue 4 asks for. */
export const NAV_LINKS = ['Dashboard', 'Gateways', 'Routes', 'Services', 'TLS Policies', 'Certificates', 'Secrets', 'Audit Log', 'Settings'] as const;
export type NavLink = (typeof NAV_LINKS)[number];

/** The page each link opens: its path and its level-1 heading. */
export const NAV_TARGETS: Record<NavLink, { path: string; heading: string }> = {
  Dashboard: { path: '/', heading: 'Dashboard' },
  Gateways: { path: '/gateways', heading: 'Gateways' },
  Routes: { path: '/routes', heading: 'Routes' },
  Services: { path: '/services', heading: 'Services' },
  'TLS Policies': { path: '/tls-policies', heading: 'TLS Policies' },
  Certificates: { path: '/certificates', heading: 'Certificates' },
  Secrets: { path: '/secrets', heading: 'Secrets' },
  'Audit Log': { path: '/audit', heading: 'Audit Log' },
  Settings: { path: '/settings', heading: 'Settings' },
};

/** The signed-in console around every page: sidebar, namespace picker, theme toggle, account menu. */
export class ConsoleShell {
  readonly nav: Locator;
  readonly namespace: Locator;
  readonly themeToggle: Locator;
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main' });
    this.namespace = page.getByRole('banner').getByLabel('Namespace');
    this.themeToggle = page.getByRole('button', { name: 'Dark theme' });
    this.heading = page.getByRole('heading', { level: 1 });
  }

  navLink(name: NavLink): Locator {
    return this.nav.getByRole('link', { name, exact: true });
  }

  accountButton(): Locator {
    return this.page.getByRole('button', { name: /^Account: / });
  }

  async signOut(): Promise<void> {
    await this.accountButton().click();
    await this.page.getByRole('button', { name: 'Sign out' }).click();
  }

  /** Waits until no list on the page says it is loading. */
  async settled(): Promise<void> {
    await this.page.waitForFunction(() => ![...document.querySelectorAll('[role="status"]')].some((e) => e.textContent?.startsWith('Loading')));
  }
}
