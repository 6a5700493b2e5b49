import type { Locator, Page } from '@playwright/test';
import type { Account } from '../support/accounts';

/** /setup: the first administrator, on first run only. */
export class SetupPage {
  readonly heading: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Create the first administrator' });
    this.alert = page.getByRole('main').getByRole('alert');
  }

  async fill(account: Account, confirm = account.password): Promise<void> {
    await this.page.getByLabel('User name').fill(account.username);
    await this.page.getByLabel('Display name').fill(account.displayName);
    await this.page.getByLabel('Password', { exact: true }).fill(account.password);
    await this.page.getByLabel('Repeat the password').fill(confirm);
  }

  async submit(): Promise<void> {
    await this.page.getByRole('button', { name: 'Create administrator' }).click();
  }
}
