import type { Locator, Page } from '@playwright/test';

/** /certificates: the inventory with its filters (kept in the URL). */
export class CertificatesPage {
  readonly table: Locator;
  readonly state: Locator;
  readonly kind: Locator;
  readonly issuer: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Certificates' });
    const filters = page.getByRole('search', { name: 'Filter certificates' });
    this.state = filters.getByLabel('State');
    this.kind = filters.getByLabel('Kind');
    this.issuer = filters.getByLabel('Issued by');
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/certificates${query}`);
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }
}
