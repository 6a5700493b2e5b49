'use client';

import { Suspense, type ReactNode } from 'react';
import { ThemeToggle } from '../../components/theme-toggle';
import { Toaster } from '../../components/toast';
import type { UserInfo } from '../../server/auth/user.schema';
import { TRPCReactProvider } from '../../trpc/react';
import { CommandPalette } from '../command-palette/command-palette';
import { NotificationBell } from '../notifications/notification-bell';
import { NamespacePicker } from './namespace-picker';
import { SessionProvider } from './session-context';
import { Sidebar } from './sidebar';
import { UserMenu } from './user-menu';

/** The signed-in console: sidebar, top bar (search and the command palette, namespace, theme, account) and the page. */
export function AppShell({ user, csrfToken, children }: { user: UserInfo; csrfToken: string; children: ReactNode }) {
  return (
    <TRPCReactProvider csrfToken={csrfToken}>
      <SessionProvider user={user}>
        <a href="#main" className="skip-link">Skip to content</a>
        <div className="shell">
          <Suspense fallback={<aside className="sidebar" />}>
            <Sidebar />
          </Suspense>
          <div>
            <header className="topbar">
              <CommandPalette />
              <Suspense fallback={null}>
                <NamespacePicker />
              </Suspense>
              <span className="spacer" />
              <ThemeToggle />
              <UserMenu />
              <NotificationBell />
            </header>
            <main id="main" className="main" tabIndex={-1}>
              {children}
            </main>
          </div>
        </div>
        <Toaster />
      </SessionProvider>
    </TRPCReactProvider>
  );
}
