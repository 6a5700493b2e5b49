import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ConsoleShell, NAV_LINKS, NAV_TARGETS } from '../pages/console-shell';
import { ADMIN } from '../support/accounts';

/** The accessible name-ish text of the focused element: what a keyboard user lands on. */
const focused = (page: import('@playwright/test').Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase() ?? '', text: (el?.getAttribute('aria-label') || el?.textContent || '').trim() };
  });

test('every sidebar link is reached with Tab, in order, and opens its page with Enter', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  await page.goto('/');
  const shell = new ConsoleShell(page);
  await expect(shell.heading).toHaveText('Dashboard');

  await page.keyboard.press('Tab');
  expect(await focused(page)).toEqual({ tag: 'a', text: 'Skip to content' });
  const order: string[] = [];
  for (let i = 0; i < 15 && order.length < NAV_LINKS.length; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.tag === 'a' && (NAV_LINKS as readonly string[]).includes(f.text)) order.push(f.text);
  }
  expect(order).toEqual([...NAV_LINKS]);

  for (const link of NAV_LINKS) {
    await shell.navLink(link).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`${NAV_TARGETS[link].path === '/' ? '/' : NAV_TARGETS[link].path}$`));
    await expect(shell.heading).toHaveText(NAV_TARGETS[link].heading);
    await expect(shell.navLink(link)).toHaveAttribute('aria-current', 'page');
  }
});

test('the skip link, search, namespace picker, theme toggle and account menu work from the keyboard', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  await page.goto('/gateways');
  const shell = new ConsoleShell(page);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

  // The top bar starts with Search (the command palette), just before the namespace picker.
  const search = page.getByRole('banner').getByRole('button', { name: /^Search…/ });
  await shell.namespace.focus();
  await page.keyboard.press('Shift+Tab');
  await expect(search).toBeFocused();
  await page.keyboard.press('Enter');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette.getByRole('combobox')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await expect(search).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(shell.namespace).toBeFocused();

  await shell.namespace.focus();
  await expect(shell.namespace).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(shell.themeToggle).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(shell.accountButton()).toBeFocused();
  await page.keyboard.press('Enter');
  const signOut = page.getByRole('button', { name: 'Sign out' });
  await expect(signOut).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(signOut).toBeHidden();
});

test('every input on the main pages has a label', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  for (const path of ['/', '/audit', '/settings', '/certificates', '/tls-policies']) {
    await page.goto(path);
    await new ConsoleShell(page).settled();
    const unlabeled = await page.locator('input:not([type=hidden]), select, textarea').evaluateAll((els) =>
      els.filter((e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')).map((e) => e.outerHTML.slice(0, 80)));
    expect(unlabeled, path).toEqual([]);
  }
});
