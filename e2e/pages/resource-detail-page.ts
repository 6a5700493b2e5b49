import type { Locator, Page } from '@playwright/test';

/** The page of one object (features/resource-detail): spec and status in words, relationships, actions. */
export class ResourceDetailPage {
  readonly heading: Locator;
  readonly spec: Locator;
  readonly status: Locator;
  readonly relationships: Locator;
  readonly endpoints: Locator;
  readonly deleteDialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.spec = page.getByRole('region', { name: 'Specification' });
    this.status = page.getByRole('region', { name: 'Status' });
    this.relationships = page.getByRole('region', { name: 'Relationships' });
    this.endpoints = page.getByRole('region', { name: 'Endpoints' });
    this.deleteDialog = page.getByRole('dialog');
  }

  async goto(plural: string, namespace: string, name: string): Promise<void> {
    await this.page.goto(`/resources/${plural}/${namespace}/${name}`);
  }

  edit(): Locator {
    return this.page.getByRole('main').getByRole('link', { name: 'Edit', exact: true });
  }

  deleteButton(): Locator {
    return this.page.getByRole('main').getByRole('button', { name: 'Delete', exact: true });
  }

  /** The status group of a listener or parent, e.g. "Listener http" or "On Gateway gw, port 8000". */
  statusGroup(title: string | RegExp): Locator {
    return this.status.locator('.status-section').filter({ has: this.page.getByRole('heading', { name: title }) });
  }
}
