import type { Locator, Page } from '@playwright/test';
import { type Account, E2E_ADMIN_TOKEN } from '../support/accounts';

/** /setup: the first administrator, on first run only. */
export class SetupPage {
  readonly heading: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Create the first administrator' });
    this.alert = page.getByRole('main').getByRole('alert');
  }

  /** The setup code is the bootstrap token the e2e console runs with (the logged code works the same way). */
  async fill(account: Account, confirm = account.password, setupCode = E2E_ADMIN_TOKEN): Promise<void> {
    await this.page.getByLabel('Setup code').fill(setupCode);
    await this.page.getByLabel('User name').fill(account.username);
    await this.page.getByLabel('Display name').fill(account.displayName);
    await this.page.getByLabel('Password', { exact: true }).fill(account.password);
    await this.page.getByLabel('Repeat the password').fill(confirm);
  }

  async submit(): Promise<void> {
    await this.page.getByRole('button', { name: 'Create administrator' }).click();
  }
}
