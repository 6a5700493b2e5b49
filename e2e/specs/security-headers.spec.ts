import type { Page, Response } from '@playwright/test';
import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ADMIN } from '../support/accounts';

/**
 * Security headers on the console's pages (issue 11 §3), checked in a real browser: the CSP allows only scripts
 * carrying the response's nonce, and a `securitypolicyviolation` listener on every page proves that nothing the
 * console itself runs or loads is refused — so the pages still work under the policy, not merely carry it.
 */

/** The console's main pages; each must render its heading under the policy. */
const PAGES = ['/', '/gateways', '/routes', '/services', '/secrets', '/certificates', '/certificates/new', '/clusters', '/notifications', '/audit', '/simulator', '/topology', '/probe', '/settings', '/account', '/resources/httproutes/new'];

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

/** Installed before any page script runs (Playwright's init scripts are not subject to the page's CSP). */
async function listenForViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations!.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

function expectPageHeaders(res: Response | null, path: string): string {
  expect(res, path).not.toBeNull();
  const h = res!.headers();
  const csp = h['content-security-policy'] ?? '';
  const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? '';
  expect(scriptSrc, `${path}: script-src`).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc, `${path}: no inline scripts without the nonce`).not.toContain("'unsafe-inline'");
  expect(scriptSrc, `${path}: no eval in production`).not.toContain("'unsafe-eval'");
  expect(csp, path).toContain("frame-ancestors 'none'");
  expect(csp, path).toContain("object-src 'none'");
  expect(h['x-content-type-options'], path).toBe('nosniff');
  expect(h['referrer-policy'], path).toBe('same-origin');
  expect(h['x-frame-options'], path).toBe('DENY');
  // The test server is plain HTTP with no trusted proxy: HSTS would be wrong here (RFC 6797 §7.2).
  expect(h['strict-transport-security'], path).toBeUndefined();
  return scriptSrc;
}

test('every main page carries the headers, a fresh nonce per answer, and runs without a CSP violation', async ({ page }) => {
  await listenForViolations(page);
  // Signed out first: the sign-in page is the one everybody reaches.
  const login = await page.goto('/login');
  const loginScripts = expectPageHeaders(login, '/login');
  await expect(page.getByRole('heading', { name: /sign in/i })).toBeVisible();
  expect(await page.evaluate(() => window.cspViolations), '/login').toEqual([]);

  await signInViaApi(page, ADMIN);
  const nonces = new Set<string>([loginScripts]);
  for (const path of PAGES) {
    const res = await page.goto(path);
    nonces.add(expectPageHeaders(res, path));
    await expect(page.locator('h1').first(), path).toBeVisible();
    // Give the client code (allowed by the nonce) time to hydrate and fetch what the page shows.
    await page.waitForLoadState('load');
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => window.cspViolations), path).toEqual([]);
  }
  // A nonce used twice would be a nonce an attacker could learn and reuse.
  expect(nonces.size).toBe(PAGES.length + 1);
});


test('the /favicon.ico browsers ask for on their own leads to the icon on the same origin the CSP allows', async ({ page, baseURL }) => {
  // Chromium fetches /favicon.ico by itself at a moment of its choosing; an absolute redirect built from the host
  // Next.js believes it serves (localhost) was refused by img-src 'self' on pages reached as 127.0.0.1.
  const res = await page.request.get('/favicon.ico', { maxRedirects: 0 });
  expect(res.status()).toBe(308);
  const location = res.headers()['location'] ?? '';
  expect(new URL(location, baseURL).origin, `Location: ${location}`).toBe(new URL(baseURL!).origin);
  const icon = await page.request.get(new URL(location, baseURL).href);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
});

test.describe('a script injected into a page', () => {
  // Chromium logs the refusal as a console error: expected here, and only here.
  test.use({ expectedBrowserErrors: [/Content Security Policy/] });

  test('markup injected into a page cannot run script, and the listener sees the refusal (the check above can fail)', async ({ page }) => {
    await listenForViolations(page);
    await signInViaApi(page, ADMIN);
    await page.goto('/');
    await expect(page.locator('h1').first()).toBeVisible();
    // What stored XSS looks like once it reaches the DOM: an inline event handler and a parser-inserted script.
    // (Scripts a page's own code creates are trusted through 'strict-dynamic'; markup is not.)
    const ran = await page.evaluate(async () => {
      const host = document.createElement('div');
      host.innerHTML = '<img src="data:," onload="window.__injected = true" onerror="window.__injected = true">';
      document.body.appendChild(host);
      const frame = document.createElement('iframe');
      frame.srcdoc = '<script>parent.__injected = true</script>';
      document.body.appendChild(frame);
      await new Promise((r) => setTimeout(r, 300));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    expect((await page.evaluate(() => window.cspViolations))?.join('\n')).toContain('script-src');
  });
});

// Server actions are endpoints too (issue 11 §1): each one in the build is classified and called as every kind of
// caller, same-origin and cross-origin, in server-actions-matrix.spec.ts.
