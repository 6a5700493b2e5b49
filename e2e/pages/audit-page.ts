import type { Locator, Page } from '@playwright/test';

/** The Audit Log page: filters, chain status, export links, the events table and the event drawer. */
export class AuditPage {
  readonly filters: Locator;
  readonly table: Locator;
  readonly chainStatus: Locator;
  readonly drawer: Locator;

  constructor(readonly page: Page) {
    this.filters = page.getByRole('form', { name: 'Audit log filters' });
    this.table = page.getByRole('table', { name: /Audit events/ });
    this.chainStatus = page.getByTestId('chain-status');
    this.drawer = page.getByRole('dialog');
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/audit${query ? `?${query}` : ''}`);
  }

  async filter(values: { actor?: string; action?: string; kind?: string; name?: string; from?: string }): Promise<void> {
    if (values.actor !== undefined) await this.filters.getByLabel('Actor').fill(values.actor);
    if (values.action !== undefined) await this.filters.getByLabel('Action').selectOption(values.action);
    if (values.kind !== undefined) await this.filters.getByLabel('Kind').selectOption(values.kind);
    if (values.name !== undefined) await this.filters.getByLabel('Object name').fill(values.name);
    if (values.from !== undefined) await this.filters.getByLabel('From').fill(values.from);
    await this.filters.getByRole('button', { name: 'Apply filters' }).click();
  }

  rows(): Locator {
    return this.table.locator('tbody tr');
  }

  /** Opens the drawer of the newest event shown. */
  async openFirstEvent(): Promise<void> {
    await this.rows().first().getByRole('button', { name: /^Details of event #\d+$/ }).click();
  }

  diffTable(): Locator {
    return this.drawer.getByRole('table', { name: /Before and after/ });
  }

  exportLink(format: 'CSV' | 'JSON Lines'): Locator {
    return this.page.getByRole('link', { name: format, exact: true });
  }
}
