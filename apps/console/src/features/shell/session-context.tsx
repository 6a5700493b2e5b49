'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { UserInfo } from '../../server/auth/user.schema';

/**
 * The signed-in person, as the server checked it for this page. Pages use it only to hide controls the role
 * cannot use; the server enforces the same rules on every call.
 */
const SessionContext = createContext<UserInfo | null>(null);

export function SessionProvider({ user, children }: { user: UserInfo; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

export function useSessionUser(): UserInfo {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useSessionUser outside the console shell');
  return user;
}

/** Mirrors the server's grants (auth/principal.ts) for showing or hiding controls. */
export function useCan(): { write: boolean; manage: boolean } {
  const { role } = useSessionUser();
  return { write: role === 'admin' || role === 'editor', manage: role === 'admin' };
}
