import type { Locator, Page } from '@playwright/test';
import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ConsoleShell } from '../pages/console-shell';
import { ProbePage } from '../pages/probe-page';
import { SimulatorPage } from '../pages/simulator-page';
import { ADMIN } from '../support/accounts';
import { shoot, useTheme } from '../support/screenshots';
import { listenerPortFor, seedScenario } from '../support/seed';

/** The command palette (issue 12 §4): the modal, its combobox and its listbox of results. */
class CommandPalette {
  readonly dialog: Locator;
  readonly input: Locator;
  readonly list: Locator;
  readonly options: Locator;
  readonly button: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Command palette' });
    this.input = this.dialog.getByRole('combobox', { name: 'Search pages, actions and objects' });
    this.list = this.dialog.getByRole('listbox', { name: 'Results' });
    this.options = this.list.getByRole('option');
    this.button = page.getByRole('banner').getByRole('button', { name: /^Search…/ });
  }

  /**
   * Ctrl+K, until the palette is open with its input focused: right after a navigation the page may still be
   * attaching its key handler (a loaded CI machine showed it), so a press that opened nothing is repeated.
   */
  async open(): Promise<void> {
    await expect(async () => {
      if (!(await this.dialog.isVisible())) await this.page.keyboard.press('Control+k');
      await expect(this.input).toBeFocused({ timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
  }

  /** Waits until the server's object search for what was typed has answered (the list no longer changes). */
  async settled(): Promise<void> {
    await expect(this.dialog.getByRole('status')).not.toContainText('searching');
  }

  /** The option the combobox points at (aria-activedescendant), which must also be the one marked selected. */
  async expectActive(name: RegExp): Promise<void> {
    const active = this.list.locator('[role="option"][aria-selected="true"]');
    await expect(active).toHaveCount(1);
    await expect(active).toHaveAccessibleName(name);
    await expect(this.input).toHaveAttribute('aria-activedescendant', (await active.getAttribute('id')) ?? '');
  }
}

/** The focused element's tag and name: what a keyboard user is on. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName.toLowerCase() ?? '', text: (el?.getAttribute('aria-label') || el?.textContent || '').trim() };
  });

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request, baseURL }) => {
  await seedScenario(request, listenerPortFor(baseURL));
});

test('Ctrl-K opens the palette, a page name and Enter go there, Escape closes it and gives the focus back — keyboard only', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  await page.goto('/');
  const shell = new ConsoleShell(page);
  const palette = new CommandPalette(page);
  await expect(shell.heading).toHaveText('Dashboard');
  await expect(palette.button).toContainText('Ctrl K');
  await expect(palette.button).toHaveAttribute('aria-keyshortcuts', 'Control+K Meta+K');

  // Open from the skip link, close with Escape: the focus goes back to it.
  await page.keyboard.press('Tab');
  expect(await focused(page)).toEqual({ tag: 'a', text: 'Skip to content' });
  await palette.open();
  await expect(palette.dialog).toBeVisible();
  await expect(palette.input).toBeFocused();
  await expect(palette.input).toHaveAttribute('aria-expanded', 'true');
  await expect(palette.input).toHaveAttribute('aria-controls', (await palette.list.getAttribute('id')) ?? '');
  // Nothing typed: every page and action, the first one current.
  await expect(palette.options.filter({ hasText: 'Request simulator' })).toHaveCount(1);
  await expect(palette.options.filter({ hasText: 'New gateway' })).toHaveCount(1);
  await palette.expectActive(/Dashboard/);
  await page.keyboard.press('Escape');
  await expect(palette.dialog).toBeHidden();
  expect(await focused(page)).toEqual({ tag: 'a', text: 'Skip to content' });

  // A page by the start of its words, then Enter.
  await palette.open();
  await expect(palette.input).toBeFocused();
  await expect(palette.input).toHaveValue('');
  await page.keyboard.type('req sim');
  await palette.settled();
  await palette.expectActive(/^Page Request simulator Tools$/);
  await page.keyboard.press('Enter');
  await expect(palette.dialog).toBeHidden();
  await expect(page).toHaveURL(/\/simulator$/);
  await expect(shell.heading).toHaveText('Request simulator');

  // Arrow keys move through the results (and wrap); Enter opens the one chosen. ("tls p": TLS probe and TLS Policies,
  // not TLS routes.)
  await palette.open();
  await page.keyboard.type('tls p');
  await palette.settled();
  await palette.expectActive(/^Page TLS probe/);
  await page.keyboard.press('ArrowDown');
  await palette.expectActive(/^Page TLS Policies/);
  await page.keyboard.press('ArrowUp');
  await palette.expectActive(/^Page TLS probe/);
  await page.keyboard.press('ArrowUp');
  await expect(palette.options.last()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await palette.expectActive(/^Page TLS Policies/);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tls-policies$/);
  await expect(shell.heading).toHaveText('TLS Policies');

  // An action: the theme switches, the palette closes.
  const before = await page.locator('html').getAttribute('data-theme');
  await palette.open();
  await page.keyboard.type('toggle theme');
  await palette.settled();
  await palette.expectActive(/^Action Toggle theme$/);
  await page.keyboard.press('Enter');
  await expect(palette.dialog).toBeHidden();
  await expect(page.locator('html')).toHaveAttribute('data-theme', before === 'dark' ? 'light' : 'dark');

  // Nothing matches: an empty listbox and a status that says so.
  await palette.open();
  await page.keyboard.type('qqqzzz');
  await expect(palette.dialog.getByRole('status')).toHaveText('No page, action or object matches “qqqzzz”.');
  await expect(palette.options).toHaveCount(0);
  await expect(palette.input).toHaveAttribute('aria-expanded', 'false');
  await expect(palette.input).not.toHaveAttribute('aria-activedescendant');
  await page.keyboard.press('Escape');
  await expect(palette.dialog).toBeHidden();
});

test('typing an object\'s name finds it on the server, with its kind and namespace, and Enter opens its page', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  await page.goto('/gateways');
  const shell = new ConsoleShell(page);
  const palette = new CommandPalette(page);
  await expect(shell.heading).toHaveText('Gateways');

  // The Search button opens it too (Enter on the focused button), and Escape returns to the button.
  await palette.button.focus();
  await page.keyboard.press('Enter');
  await expect(palette.input).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(palette.button).toBeFocused();

  await palette.open();
  await page.keyboard.type('http-route-f');
  await palette.settled();
  const route = palette.options.filter({ hasText: 'http-route-foo' });
  await expect(route).toHaveAccessibleName('HTTPRoute http-route-foo namespace httpbin');
  await palette.expectActive(/^HTTPRoute http-route-foo namespace httpbin$/);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/resources\/httproutes\/httpbin\/http-route-foo$/);
  await expect(shell.heading).toHaveText('http-route-foo');

  // namespace/name narrows to a namespace; Secrets are found by name (never their values).
  await palette.open();
  await page.keyboard.type('httpbin/https-c');
  await palette.settled();
  await palette.expectActive(/^Secret https-cert namespace httpbin$/);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/resources\/secrets\/httpbin\/https-cert$/);
  await expect(shell.heading).toHaveText('https-cert');

  // The seed's broken namespace is searched too.
  await palette.open();
  await page.keyboard.type('orphan');
  await palette.settled();
  await palette.expectActive(/^HTTPRoute orphan-route namespace staging$/);
  await page.keyboard.press('Escape');
  await expect(palette.dialog).toBeHidden();

  // Sign out is an action too.
  await palette.open();
  await page.keyboard.type('sign out');
  await palette.settled();
  await palette.expectActive(/^Action Sign out$/);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
});

test('"Simulate a request here" on the seeded route opens the simulator filled in, and it explains the match', async ({ page, baseURL }) => {
  const port = listenerPortFor(baseURL);
  await signInViaApi(page, ADMIN);
  await page.goto('/resources/httproutes/httpbin/http-route-foo');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('http-route-foo');
  const tools = page.getByRole('navigation', { name: 'Tools for this object' });
  await expect(tools).toContainText(`port ${port}, host foo.example.com, path /`);
  const link = tools.getByRole('link', { name: 'Simulate a request here' });
  await link.focus();
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(new RegExp(`/simulator\\?namespace=httpbin&port=${port}&host=foo\\.example\\.com&path=%2F$`));
  const sim = new SimulatorPage(page);
  await expect(sim.form.getByLabel('Listener port')).toHaveValue(String(port));
  await expect(sim.form.getByLabel('Method')).toHaveValue('GET');
  await expect(sim.form.getByLabel('Host')).toHaveValue('foo.example.com');
  await expect(sim.form.getByLabel('Path')).toHaveValue('/');
  await expect(sim.verdict).toBeVisible();
  await expect(sim.result).toContainText(`Gateway httpbin/simple-fsm-gateway, listener http (HTTP port ${port}, any hostname)`);
  await expect(sim.result.getByRole('link', { name: 'httpbin/http-route-foo' })).toHaveAttribute('href', '/resources/httproutes/httpbin/http-route-foo');
  await expect(sim.steps.filter({ hasText: '✓ HTTPRoute httpbin/http-route-foo rule 0 match 0 [hostname foo.example.com]: PathPrefix /' })).toHaveCount(1);
});

test('"Probe this upstream" on the seeded Service and on its TLS policy opens the probe on that Service and port', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  const probe = new ProbePage(page);
  for (const path of ['/resources/services/httpbin/httpbin', '/resources/upstreamtlspolicies/httpbin/upstream-tls-policy-sample']) {
    await page.goto(path);
    const tools = page.getByRole('navigation', { name: 'Tools for this object' });
    await expect(tools).toContainText('Service httpbin/httpbin, port 8443');
    await tools.getByRole('link', { name: 'Probe this upstream' }).click();
    await expect(page).toHaveURL(/\/probe\?namespace=httpbin&service=httpbin&port=8443$/);
    await expect(probe.panel.getByLabel('Service port')).toHaveValue('8443');
  }
  // The Gateway's listener opens the simulator on its port (no hostname: the listener has none).
  await page.goto('/resources/gateways/httpbin/simple-fsm-gateway');
  await page.getByRole('navigation', { name: 'Tools for this object' }).getByRole('link', { name: 'Simulate a request here' }).click();
  await expect(page).toHaveURL(/\/simulator\?namespace=httpbin&port=\d+$/);
  await expect(new SimulatorPage(page).form.getByLabel('Host')).toHaveValue('');
});

for (const theme of ['light', 'dark'] as const) {
  test(`command palette and tool links screenshots, ${theme}`, async ({ page }) => {
    await useTheme(page, theme);
    await signInViaApi(page, ADMIN);
    await page.goto('/resources/httproutes/httpbin/http-route-foo');
    await expect(page.getByRole('navigation', { name: 'Tools for this object' })).toBeVisible();
    await shoot(page, `route-tool-links-${theme}`);
    const palette = new CommandPalette(page);
    await palette.open();
    await page.keyboard.type('route');
    await palette.settled();
    await expect(palette.options.filter({ hasText: 'http-route-foo' })).toHaveCount(1);
    await shoot(page, `command-palette-${theme}`);
  });
}
