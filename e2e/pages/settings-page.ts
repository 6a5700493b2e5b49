import type { Locator, Page } from '@playwright/test';
import type { Account } from '../support/accounts';

/** /settings: your account; accounts and API tokens for administrators. */
export class SettingsPage {
  readonly accounts: Locator;
  readonly tokens: Locator;

  constructor(readonly page: Page) {
    this.accounts = page.getByRole('region', { name: 'Accounts' });
    this.tokens = page.getByRole('region', { name: 'API tokens' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/settings');
  }

  async createAccount(account: Account, role: 'Administrator' | 'Editor' | 'Viewer'): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Create an account' });
    await form.getByLabel('User name').fill(account.username);
    await form.getByLabel('Display name').fill(account.displayName);
    await form.getByLabel('Initial password').fill(account.password);
    await form.getByLabel('Role').selectOption({ label: role });
    await form.getByRole('button', { name: 'Create account' }).click();
  }

  roleOf(username: string): Locator {
    return this.accounts.getByLabel(`Role of ${username}`);
  }

  async createToken(name: string, role: 'Administrator' | 'Editor' | 'Viewer' | 'Worker'): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Create a token' });
    await form.getByLabel('Token name').fill(name);
    await form.getByLabel('Token role').selectOption({ label: role });
    await form.getByRole('button', { name: 'Create token' }).click();
  }
}
