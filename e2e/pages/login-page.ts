import type { Locator, Page } from '@playwright/test';

/** /login: the sign-in form. */
export class LoginPage {
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly alert: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.username = page.getByLabel('User name');
    this.password = page.getByLabel('Password');
    this.submit = page.getByRole('button', { name: 'Sign in' });
    this.alert = page.getByRole('main').getByRole('alert');
    this.notice = page.getByRole('main').getByRole('status');
  }

  async goto(next?: string): Promise<void> {
    await this.page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  }

  /** Fills and submits, and waits for the server action's answer (the form resets when it arrives). */
  async signIn(username: string, password: string): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
    await Promise.all([this.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'), this.submit.click()]);
    // React resets the form once the answer is rendered (the password empties); typing before that would be lost.
    await this.page.waitForFunction(() => {
      const password = document.querySelector<HTMLInputElement>('input[name="password"]');
      return !password || password.value === '';
    });
  }
}
