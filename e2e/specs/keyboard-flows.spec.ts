import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/console-test';
import { ConsoleShell } from '../pages/console-shell';
import { ADMIN } from '../support/accounts';
import { applyObjects } from '../support/resources-api';

/**
 * Issue 12 §8: every flow of the browser suite once with the keyboard only. No mouse: focus moves with Tab and
 * Shift+Tab (checked to land where it should, with a visible focus ring), things happen with Enter, Space, the
 * arrow keys and typing. Only the first address is typed into the browser's location bar (page.goto).
 */
const NS = 'e2e-keyboard';
const listenerPort = (baseURL: string | undefined) => Number(new URL(baseURL ?? 'http://127.0.0.1:3100').port) + 27;

test.beforeAll(async ({ request, baseURL }) => {
  // A Gateway and a Service of this spec's own, so the route it makes changes no other spec's counts.
  await applyObjects(request, NS, [
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'keyboard-gw', namespace: NS },
      spec: { gatewayClassName: 'gatehouse', listeners: [{ protocol: 'HTTP', port: listenerPort(baseURL), name: 'http' }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'keyboard-app', namespace: NS }, spec: { ports: [{ name: 'http', port: 8080 }] } },
  ]);
});

/** Whether the element has focus, and a focus ring one can see (WCAG 2.4.7). */
async function focusState(target: Locator): Promise<{ focused: boolean; ring: boolean }> {
  return target.evaluate((el) => {
    const focused = el === document.activeElement;
    const s = getComputedStyle(el);
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    return { focused, ring };
  });
}

/**
 * Moves the focus to `target` with Tab (Shift+Tab when the target comes before the focused element) as a
 * keyboard user would, and fails if it is not reached within `max` presses or shows no focus ring.
 */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  await expect(target).toBeVisible();
  const backwards = await target.evaluate((el) => {
    const active = document.activeElement;
    if (!active || active === document.body) return false;
    return Boolean(active.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
  });
  for (let i = 0; i <= max; i++) {
    const state = await focusState(target);
    if (state.focused) {
      expect(state.ring, `a visible focus ring on ${target.toString()}`).toBe(true);
      return;
    }
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${target.toString()} was not reached with ${backwards ? 'Shift+Tab' : 'Tab'} within ${max} presses`);
}

/** Replaces what the focused text field holds, by keyboard. */
async function typeOver(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

test('sign in, open a gateway, add a route, make a root CA, filter the audit log, switch theme, sign out: keyboard only', async ({ page }) => {
  test.setTimeout(120_000);
  await page.emulateMedia({ colorScheme: 'light' });
  const shell = new ConsoleShell(page);
  const main = page.getByRole('main');

  // Sign in: the user name field has the focus when the page opens.
  await page.goto('/login');
  const username = page.getByLabel('User name');
  await expect(username).toBeFocused();
  await page.keyboard.type(ADMIN.username);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(shell.heading).toHaveText('Dashboard');

  // The sidebar: from the top of the page, past the skip link, to Gateways.
  await tabTo(page, shell.navLink('Gateways'));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/gateways$/);
  await expect(shell.heading).toHaveText('Gateways');
  await shell.settled();

  // Open a gateway from the list.
  await tabTo(page, main.getByRole('link', { name: 'keyboard-gw', exact: true }));
  await page.keyboard.press('Enter');
  await expect(shell.heading).toHaveText('keyboard-gw');
  await expect(page).toHaveURL(`/resources/gateways/${NS}/keyboard-gw`);

  // Its namespace (breadcrumb), then Routes in the sidebar keeps that namespace, then New route.
  await tabTo(page, page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: NS, exact: true }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`/gateways?namespace=${NS}`);
  await tabTo(page, shell.navLink('Routes'));
  await page.keyboard.press('Enter');
  await expect(shell.heading).toHaveText('Routes');
  await tabTo(page, main.getByRole('link', { name: 'New route', exact: true }));
  await page.keyboard.press('Enter');
  await expect(shell.heading).toHaveText('New HTTPRoute');

  // The form: Name has the focus; the namespace came with the page.
  const form = page.getByRole('form', { name: 'New HTTPRoute' });
  await expect(form.getByLabel('Name', { exact: true })).toBeFocused();
  await page.keyboard.type('keyboard-route');
  await expect(form.getByLabel('Namespace', { exact: true })).toHaveValue(NS);
  // A reference picker (combobox): ArrowDown opens the existing Gateways, Enter picks one.
  const parent = form.getByRole('group', { name: 'parent Gateway 1', exact: true });
  const gateway = parent.getByRole('combobox', { name: 'Gateway', exact: true });
  await tabTo(page, gateway);
  await page.keyboard.press('ArrowDown');
  await expect(gateway).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('option', { name: /^keyboard-gw\b/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(gateway).toHaveValue('keyboard-gw');
  await tabTo(page, form.getByLabel('Hostnames', { exact: true }));
  await page.keyboard.type('keys.example.com');
  const rule = form.getByRole('group', { name: 'rule 1', exact: true });
  await tabTo(page, rule.getByRole('group', { name: 'match 1' }).getByLabel('Path', { exact: true }));
  await typeOver(page, '/keys');
  const backend = rule.getByRole('group', { name: 'backend 1' });
  const service = backend.getByRole('combobox', { name: 'Service', exact: true });
  await tabTo(page, service);
  await page.keyboard.type('keyboard-a');
  await expect(page.getByRole('option', { name: /^keyboard-app\b/ })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(service).toHaveValue('keyboard-app');
  await tabTo(page, backend.getByLabel('Service port', { exact: true }));
  await typeOver(page, '8080');
  await tabTo(page, form.getByRole('button', { name: 'Create HTTPRoute' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('.toaster').getByText('HTTPRoute keyboard-route created.')).toBeVisible();
  await expect(page).toHaveURL(`/resources/httproutes/${NS}/keyboard-route`);
  await expect(page.getByRole('region', { name: 'Specification' })).toContainText('Service keyboard-app port 8080');

  // The certificate wizard: a root CA, every step by keyboard.
  await tabTo(page, shell.navLink('Certificates'));
  await page.keyboard.press('Enter');
  await expect(shell.heading).toHaveText('Certificates');
  await tabTo(page, main.getByRole('link', { name: 'New certificate', exact: true }));
  await page.keyboard.press('Enter');
  const panel = page.locator('section.wizard-panel');
  const stepHeading = page.locator('#wizard-step-title');
  await expect(stepHeading).toHaveText('What to make');
  const rootCa = panel.getByRole('radio', { name: /^Root CA\b/ });
  await tabTo(page, rootCa);
  // Arrow keys move among the choices; back to Root CA.
  await page.keyboard.press('ArrowDown');
  await expect(panel.getByRole('radio', { name: /^Intermediate CA\b/ })).toBeChecked();
  await page.keyboard.press('ArrowUp');
  await expect(rootCa).toBeChecked();
  const next = panel.getByRole('button', { name: 'Next', exact: true });
  await tabTo(page, next);
  await page.keyboard.press('Enter');
  await expect(stepHeading).toHaveText('Subject');
  // The new step's heading has the focus; the common name is next.
  await expect(stepHeading).toBeFocused();
  await tabTo(page, panel.getByLabel('Common name (CN)'));
  await page.keyboard.type('Keyboard Root CA');
  await page.keyboard.press('Enter'); // submits the step's form
  await expect(stepHeading).toHaveText('Key');
  for (const step of ['Validity', 'Extensions', 'Review']) {
    await tabTo(page, next);
    await page.keyboard.press('Enter');
    await expect(stepHeading).toHaveText(step);
  }
  await expect(panel.getByLabel('Decoded certificate')).toContainText('Subject: CN = Keyboard Root CA', { timeout: 15_000 });
  await tabTo(page, panel.getByRole('button', { name: 'Create root CA' }));
  await page.keyboard.press('Enter');
  await expect(stepHeading).toHaveText('Use it');
  await expect(page.getByRole('status').filter({ hasText: 'Certificate authority Keyboard Root CA is ready.' })).toBeVisible();

  // The audit log, filtered by kind and actor.
  await tabTo(page, shell.navLink('Audit Log'));
  await page.keyboard.press('Enter');
  await expect(shell.heading).toHaveText('Audit Log');
  const filters = page.getByRole('form', { name: 'Audit log filters' });
  await tabTo(page, filters.getByLabel('Actor'));
  await page.keyboard.type(ADMIN.username);
  await tabTo(page, filters.getByLabel('Kind'));
  await page.keyboard.type('HTTPRoute'); // a closed select picks by typing
  await expect(filters.getByLabel('Kind')).toHaveValue('HTTPRoute');
  await tabTo(page, filters.getByRole('button', { name: 'Apply filters' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]kind=HTTPRoute(&|$)/);
  await expect(page).toHaveURL(new RegExp(`[?&]actor=${ADMIN.username}(&|$)`));
  const events = page.getByRole('table', { name: /Audit events/ });
  await expect(events.locator('tbody tr').filter({ hasText: 'keyboard-route' }).first()).toBeVisible();
  // An event's details open with Enter and close with Escape, the focus back on the button.
  const details = events.locator('tbody tr').filter({ hasText: 'keyboard-route' }).first().getByRole('button', { name: /^Details of event #\d+$/ });
  await tabTo(page, details);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(details).toBeFocused();

  // The theme toggle, with Space.
  await tabTo(page, shell.themeToggle);
  await page.keyboard.press('Space');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(shell.themeToggle).toHaveAttribute('aria-pressed', 'true');

  // Sign out: the account menu opens with Enter; Tab goes into it.
  await tabTo(page, shell.accountButton());
  await page.keyboard.press('Enter');
  const signOut = page.getByRole('button', { name: 'Sign out' });
  await expect(signOut).toBeVisible();
  await tabTo(page, signOut, 5);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  await expect(page.getByRole('main').getByRole('status')).toHaveText('You are signed out.');
});
