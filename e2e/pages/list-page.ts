import type { Locator, Page } from '@playwright/test';

/** A resource list page: its tabs, the sort/filter toolbar, and the names in the table, in order. */
export class ListPage {
  readonly toolbar: Locator;
  readonly sort: Locator;
  readonly nameFilter: Locator;
  readonly labels: Locator;
  readonly apply: Locator;
  readonly clear: Locator;

  constructor(readonly page: Page) {
    this.toolbar = page.getByRole('search', { name: /^Sort and filter / });
    this.sort = this.toolbar.getByLabel('Sort by');
    this.nameFilter = this.toolbar.getByLabel('Name contains');
    this.labels = this.toolbar.getByLabel('Labels');
    this.apply = this.toolbar.getByRole('button', { name: 'Filter' });
    this.clear = this.toolbar.getByRole('button', { name: 'Clear' });
  }

  tab(name: string): Locator {
    return this.page.getByRole('main').getByRole('link', { name, exact: true });
  }

  /** The object names in the table's first column, top to bottom. */
  names(): Locator {
    return this.page.getByRole('main').locator('table tbody tr td:first-child strong');
  }
}
