import type { APIRequestContext, Page } from '@playwright/test';
import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ConsoleShell } from '../pages/console-shell';
import { LoginPage } from '../pages/login-page';
import { SettingsPage } from '../pages/settings-page';
import { ADMIN, E2E_ADMIN_TOKEN, type Account } from '../support/accounts';

// Accounts of this file only (a suffix per run), so changing their passwords and roles disturbs no other spec.
const run = Date.now().toString(36);
const ALICE: Account = { username: `alice-${run}`, password: 'first-password-for-a-1', displayName: 'Alice Account' };
const ALICE_NEXT = 'second-password-for-a-2';
const BOB: Account = { username: `bob-${run}`, password: 'first-password-for-b-1', displayName: 'Bob Account' };
const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0';
const CURL = 'curl/8.5.0';
const bearer = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

async function createAccount(request: APIRequestContext, account: Account, role: 'editor' | 'viewer'): Promise<string> {
  const r = await request.post('/api/v1/users', { headers: bearer, data: { ...account, role } });
  expect(r.status(), await r.text()).toBe(201);
  return ((await r.json()) as { id: string }).id;
}

/** Another device signed in to the account: its own cookie jar and user agent. */
async function otherDevice(playwright: { request: { newContext(o: object): Promise<APIRequestContext> } }, baseURL: string | undefined, account: Account, password: string, userAgent: string) {
  const ctx = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'user-agent': userAgent } });
  const r = await ctx.post('/api/v1/session', { data: { username: account.username, password } });
  expect(r.status(), await r.text()).toBe(200);
  return { ctx, alive: async () => (await ctx.get('/api/v1/session')).status() };
}

async function roleOf(request: APIRequestContext, id: string): Promise<string> {
  const list = (await (await request.get('/api/v1/users', { headers: bearer })).json()) as { items: { id: string; role: string }[] };
  return list.items.find((u) => u.id === id)!.role;
}

const sessionsTable = (page: Page) => page.getByRole('table', { name: 'Your sessions' });

test.describe('your account', () => {
  // A wrong current password is a 400 answer, which Chromium logs as a failed request.
  test.use({ expectedBrowserErrors: [/status of 400/] });

  test('change your own password, see your sessions and sign another one out', async ({ page, playwright, baseURL, request }) => {
    await createAccount(request, ALICE, 'editor');
    const firefox = await otherDevice(playwright, baseURL, ALICE, ALICE.password, FIREFOX_MAC);
    const script = await otherDevice(playwright, baseURL, ALICE, ALICE.password, CURL);
    try {
      const login = new LoginPage(page);
      await login.goto();
      await login.signIn(ALICE.username, ALICE.password);
      const shell = new ConsoleShell(page);
      await expect(shell.heading).toHaveText('Dashboard');
      await shell.accountButton().click();
      await page.getByRole('link', { name: 'Your account' }).click();
      await expect(page).toHaveURL(/\/account$/);
      await expect(shell.heading).toHaveText('Account');
      await expect(page.locator('#user-menu')).toBeHidden(); // the menu closed on the way
      await expect(page.getByRole('main')).toContainText('Editor');

      // Three sessions: this browser (marked), Firefox on a Mac, and a script.
      const table = sessionsTable(page);
      await expect(table.getByRole('row')).toHaveCount(4);
      const thisRow = table.getByRole('row').filter({ hasText: 'This device' });
      await expect(thisRow).toHaveCount(1);
      await expect(thisRow).toContainText('Sign out from the account menu');
      const firefoxRow = table.getByRole('row').filter({ hasText: 'Firefox on macOS' });
      await expect(firefoxRow).toBeVisible();
      await expect(table.getByRole('row').filter({ hasText: 'curl 8.5.0' })).toBeVisible();
      await page.screenshot({ path: 'test-results/screenshots/account-sessions.png', fullPage: true });

      await firefoxRow.getByRole('button', { name: /^Sign out Firefox on macOS/ }).click();
      await expect(page.getByText('Signed out Firefox on macOS')).toBeVisible();
      await expect(firefoxRow).toHaveCount(0);
      expect(await firefox.alive()).toBe(401);
      expect(await script.alive()).toBe(200);

      // The form checks in the browser first (same schema as the API), then the server's answer lands on the field.
      const form = page.getByRole('form', { name: 'Change password' });
      await form.getByLabel('Current password').fill(ALICE.password);
      await form.getByLabel('New password', { exact: true }).fill(ALICE_NEXT);
      await form.getByLabel('Repeat the new password').fill(`${ALICE_NEXT}-typo`);
      await form.getByRole('button', { name: 'Change password' }).click();
      await expect(form.getByText('does not match the new password')).toBeVisible();
      await form.getByLabel('Repeat the new password').fill(ALICE_NEXT);
      await form.getByLabel('Current password').fill('not-my-current-password');
      await form.getByRole('button', { name: 'Change password' }).click();
      await expect(form.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
      await expect(form.getByText('wrong password')).toBeVisible();

      await form.getByLabel('Current password').fill(ALICE.password);
      await form.getByRole('button', { name: 'Change password' }).click();
      await expect(form.getByRole('status')).toHaveText('Password changed. 1 other session was signed out. This session stays signed in.');
      await expect(form.getByLabel('Current password')).toHaveValue('');
      expect(await script.alive()).toBe(401);
      await expect(table.getByRole('row')).toHaveCount(2);

      // This session still works; only the new password signs in.
      await page.reload();
      await expect(shell.heading).toHaveText('Account');
      expect((await request.post('/api/v1/session', { data: { username: ALICE.username, password: ALICE.password } })).status()).toBe(401);
      const later = await otherDevice(playwright, baseURL, ALICE, ALICE_NEXT, FIREFOX_MAC);
      try {
        await page.reload();
        await expect(sessionsTable(page).getByRole('row')).toHaveCount(3);
        await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
        await expect(page.getByText('1 other session was signed out.')).toBeVisible();
        await expect(sessionsTable(page).getByRole('row')).toHaveCount(2);
        await expect(page.getByRole('button', { name: 'Sign out all other sessions' })).toBeDisabled();
        expect(await later.alive()).toBe(401);
      } finally {
        await later.ctx.dispose();
      }
    } finally {
      await firefox.ctx.dispose();
      await script.ctx.dispose();
    }
  });
});

test('an administrator confirms role changes, resets a password and signs someone out everywhere', async ({ page, playwright, baseURL, request }) => {
  const bobId = await createAccount(request, BOB, 'viewer');
  const bob = await otherDevice(playwright, baseURL, BOB, BOB.password, FIREFOX_MAC);
  try {
    await signInViaApi(page, ADMIN);
    const settings = new SettingsPage(page);
    await settings.goto();
    const role = settings.roleOf(BOB.username);
    await expect(role).toHaveValue('viewer');

    // Picking a role asks first, naming the person, the old and the new role, and what changes for them.
    await role.selectOption({ label: 'Editor' });
    const dialog = page.getByRole('dialog', { name: `Change the role of ${BOB.displayName}?` });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(`${BOB.displayName} (${BOB.username}) is a Viewer now and becomes an Editor.`);
    await expect(dialog.getByRole('list', { name: 'What changes' })).toContainText(`${BOB.displayName} may change resources`);
    await expect(dialog).toContainText('open sessions get the new role with their next request');
    await page.screenshot({ path: 'test-results/screenshots/account-role-change.png' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(role).toHaveValue('viewer');
    expect(await roleOf(request, bobId)).toBe('viewer');

    // Escape is a cancel too.
    await role.selectOption({ label: 'Administrator' });
    await expect(page.getByRole('dialog', { name: `Change the role of ${BOB.displayName}?` })).toContainText('is a Viewer now and becomes an Administrator.');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(role).toHaveValue('viewer');

    await role.selectOption({ label: 'Editor' });
    await dialog.getByRole('button', { name: `Make ${BOB.username} an Editor` }).click();
    await expect(dialog).toBeHidden();
    await expect(role).toHaveValue('editor');
    expect(await roleOf(request, bobId)).toBe('editor');
    // Bob's open session has the new role at its next request.
    expect(((await (await bob.ctx.get('/api/v1/session')).json()) as { principal: { role: string } }).principal.role).toBe('editor');
    const events = (await (await request.get(`/api/v1/audit-events?kind=User&action=user.update&name=${BOB.username}`, { headers: bearer })).json()) as { items: { message: string }[] };
    expect(events.items.map((e) => e.message)).toEqual(['role viewer → editor']);

    // Sign out everywhere: the dialog says how many sessions end and that the password stays.
    const row = settings.accounts.getByRole('row').filter({ hasText: BOB.username });
    await row.getByRole('button', { name: `Sign out everywhere for ${BOB.username}` }).click();
    const signOut = page.getByRole('dialog', { name: `Sign ${BOB.username} out everywhere?` });
    await expect(signOut).toContainText(`${BOB.username} has 1 active session:`);
    await expect(signOut.getByRole('list')).toContainText('Firefox on macOS');
    await signOut.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(signOut).toBeHidden();
    await expect(page.getByText(`${BOB.username}: 1 session was signed out.`)).toBeVisible();
    expect((await bob.ctx.get('/api/v1/session')).status()).toBe(401);

    // Reset password: a dialog with the new password, typed twice, that says it signs them out.
    const again = await otherDevice(playwright, baseURL, BOB, BOB.password, FIREFOX_MAC);
    try {
      await row.getByRole('button', { name: `Reset password of ${BOB.username}` }).click();
      const reset = page.getByRole('dialog', { name: `Reset the password of ${BOB.username}` });
      await expect(reset).toContainText('signed out of every session at once');
      await reset.getByLabel('New password', { exact: true }).fill('reset-by-an-admin-123');
      await reset.getByLabel('Repeat the new password').fill('reset-by-an-admin-123');
      await reset.getByRole('button', { name: 'Reset password and sign out' }).click();
      await expect(reset).toBeHidden();
      await expect(page.getByText(`Password of ${BOB.username} reset; their sessions were signed out`)).toBeVisible();
      expect(await again.alive()).toBe(401);
      expect((await request.post('/api/v1/session', { data: { username: BOB.username, password: 'reset-by-an-admin-123' } })).status()).toBe(200);
    } finally {
      await again.ctx.dispose();
    }
  } finally {
    await bob.ctx.dispose();
  }
});
