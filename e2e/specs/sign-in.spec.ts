import { expect, test } from '../fixtures/console-test';
import { ConsoleShell } from '../pages/console-shell';
import { LoginPage } from '../pages/login-page';
import { ADMIN } from '../support/accounts';

test('a page asked for while signed out opens after signing in; a wrong password is refused', async ({ page }) => {
  await page.goto('/gateways?namespace=httpbin');
  await expect(page).toHaveURL(/\/login\?next=%2Fgateways%3Fnamespace%3Dhttpbin$/);
  const login = new LoginPage(page);
  await login.signIn(ADMIN.username, 'not-the-right-password');
  await expect(login.alert).toHaveText('Wrong user name or password');
  await expect(login.username).toHaveValue(ADMIN.username);
  await expect(login.password).toHaveValue('');

  await login.signIn(ADMIN.username.toUpperCase(), ADMIN.password);
  await expect(page).toHaveURL(/\/gateways\?namespace=httpbin$/);
  await expect(new ConsoleShell(page).heading).toHaveText('Gateways');
  const cookie = (await page.context().cookies()).find((c) => c.name === 'gh_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
  expect(await page.evaluate(() => document.cookie)).not.toContain('gh_session');
});

test('after five failures the user name is locked for 15 minutes, even with the right password', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  const username = 'locked-out-user';
  for (let i = 0; i < 5; i++) {
    await login.signIn(username, `guess-number-${i}`);
    await expect(login.alert).toHaveText('Wrong user name or password');
  }
  await login.signIn(username, 'guess-number-6');
  await expect(login.alert).toHaveText('Too many failed sign-ins. Try again in 15 minutes.');
  const api = await page.request.post('/api/v1/session', { data: { username, password: 'guess-number-7' } });
  expect(api.status()).toBe(429);
  expect(Number(api.headers()['retry-after'])).toBeGreaterThan(800);
  expect((await api.json()).code).toBe('rate_limited');
});
