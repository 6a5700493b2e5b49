'use client';

import { useSyncExternalStore } from 'react';

const noop = () => () => {};

/**
 * The console's real origin as the browser reached it (scheme, host and port), for curl examples and URLs people
 * copy; on the server, where there is no window, a placeholder that hydration replaces.
 */
export function useOrigin(): string {
  return useSyncExternalStore(noop, () => window.location.origin, () => 'http://<console>');
}
