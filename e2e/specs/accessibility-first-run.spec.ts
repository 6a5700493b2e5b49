import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../fixtures/console-test';
import { SetupPage } from '../pages/setup-page';
import { ADMIN } from '../support/accounts';
import { useTheme } from '../support/screenshots';

/**
 * The first-run setup page can only be seen while no account exists, so its axe check runs in the `first-run`
 * project (the file name ends in first-run.spec.ts), before first-run.spec.ts creates the administrator. It
 * changes nothing: mismatched passwords are refused. The other pages: accessibility.spec.ts.
 */
for (const theme of ['light', 'dark'] as const) {
  test(`first-run setup has no serious axe violation (${theme} theme)`, async ({ page }) => {
    const state = (await (await page.request.get('/api/v1/setup')).json()) as { required: boolean };
    // The first-run project always meets a fresh server (playwright.config.ts starts one on a new data dir).
    expect(state.required, 'setup must still be open when the first-run project runs').toBe(true);
    await useTheme(page, theme);
    const setup = new SetupPage(page);
    await page.goto('/setup');
    await expect(setup.heading).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const serious = async () => {
      const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      for (const v of r.violations) console.log(`[a11y] setup (${theme}): ${v.id} [${v.impact}] ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    };
    expect(await serious()).toEqual([]);

    await setup.fill(ADMIN, `${ADMIN.password}-typo`);
    await setup.submit();
    await expect(setup.alert).toHaveText('The two passwords differ');
    expect(await serious()).toEqual([]);
    expect((await (await page.request.get('/api/v1/setup')).json()) as unknown).toEqual({ required: true });
  });
}
