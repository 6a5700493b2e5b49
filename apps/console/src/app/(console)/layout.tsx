import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '../../features/shell/app-shell';
import { readPageSession, readRequestedPath, readSetupRequired } from '../../server/web/page-session';

export const dynamic = 'force-dynamic';

/** Every console page is behind a valid session (the real check; src/proxy.ts only looks for the cookie). */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const session = await readPageSession();
  if (!session) {
    if (await readSetupRequired()) redirect('/setup');
    const next = await readRequestedPath();
    redirect(next === '/' ? '/login?expired=1' : `/login?expired=1&next=${encodeURIComponent(next)}`);
  }
  return (
    <AppShell user={session.user} csrfToken={session.csrfToken}>
      {children}
    </AppShell>
  );
}
