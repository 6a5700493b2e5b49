import type { UserRole } from '../../server/auth/user.schema';

/** What each role may do, as auth/principal.ts grants it. */
export const ROLE_DESCRIPTIONS: Record<UserRole | 'worker', { label: string; text: string }> = {
  admin: { label: 'Administrator', text: 'everything, including accounts, API tokens and Secret values' },
  editor: { label: 'Editor', text: 'reads and changes gateways, routes, services, policies and Secrets' },
  viewer: { label: 'Viewer', text: 'reads everything but Secret values; changes nothing' },
  worker: { label: 'Worker', text: 'reads the configuration feed only (for the data plane)' },
};
