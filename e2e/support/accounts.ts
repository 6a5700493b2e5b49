/**
 * The accounts the browser tests use. The Playwright web server starts on a fresh data directory, so the
 * first-run project makes ADMIN through /setup; the other specs make the rest through the console.
 */
export interface Account {
  username: string;
  password: string;
  displayName: string;
}

export const ADMIN: Account = { username: 'ada', password: 'e2e-admin-password-1', displayName: 'Ada Admin' };
export const VIEWER: Account = { username: 'victor', password: 'e2e-viewer-password-1', displayName: 'Victor Viewer' };
export const EDITOR: Account = { username: 'eddie', password: 'e2e-editor-password-1', displayName: 'Eddie Editor' };

/** GATEHOUSE_BOOTSTRAP_TOKEN of the web server (playwright.config.ts): the automation path next to sign-in. */
export const E2E_ADMIN_TOKEN = 'gh_playwright-admin-token-0123456789';
