import { expect, test } from '../fixtures/console-test';
import { ConsoleShell } from '../pages/console-shell';
import { LoginPage } from '../pages/login-page';
import { ADMIN } from '../support/accounts';

test('signing out ends the session on the server, not just in this browser', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(ADMIN.username, ADMIN.password);
  const shell = new ConsoleShell(page);
  await expect(shell.heading).toHaveText('Dashboard');
  const cookie = (await page.context().cookies()).find((c) => c.name === 'gh_session')!;

  await shell.signOut();
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  await expect(login.notice).toHaveText('You are signed out.');
  await page.goto('/audit');
  await expect(page).toHaveURL(/\/login\?next=%2Faudit$/);

  // The old cookie, replayed, is worth nothing: the session row is gone.
  const replay = await page.request.get('/api/v1/session', { headers: { cookie: `gh_session=${cookie.value}` } });
  expect(replay.status()).toBe(401);
});
