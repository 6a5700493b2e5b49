import { expect, type Page } from '@playwright/test';

/** Chooses the theme before the page loads (the console reads it from localStorage before first paint). */
export async function useTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.addInitScript((t) => localStorage.setItem('gatehouse-theme', t), theme);
}

/** A full-page screenshot after checking nothing overflows the window and no raw JSON shows. */
export async function shoot(page: Page, name: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${name} overflows horizontally`).toBeLessThanOrEqual(client);
  expect(await page.getByRole('main').innerText(), `${name} shows raw JSON`).not.toMatch(/\{"|":\s*[{["\d]/);
  // From the top: a full-page capture of a scrolled page paints the sticky bar and sidebar mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}
