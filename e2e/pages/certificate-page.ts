import type { Locator, Page } from '@playwright/test';

/** /certificates/{id}: one certificate, its lifetime, Secrets, users, downloads, renew and revoke. */
export class CertificatePage {
  readonly heading: Locator;
  readonly renewButton: Locator;
  readonly revokeButton: Locator;
  readonly dialog: Locator;
  readonly autoRenew: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1 });
    this.renewButton = page.getByRole('main').getByRole('button', { name: 'Renew', exact: true });
    this.revokeButton = page.getByRole('main').getByRole('button', { name: 'Revoke', exact: true });
    this.dialog = page.getByRole('dialog');
    this.autoRenew = page.getByRole('switch', { name: 'Renew automatically' });
  }

  async goto(id: string): Promise<void> {
    await this.page.goto(`/certificates/${id}`);
  }

  /** The id in the page's URL. */
  idFromUrl(): string {
    return new URL(this.page.url()).pathname.split('/').at(-1) ?? '';
  }

  download(label: string): Locator {
    return this.page.getByRole('group', { name: 'Download' }).getByRole('button', { name: label, exact: true });
  }

  /** The "Create a Secret from it" form. */
  get secretForm(): Locator {
    return this.page.getByRole('form', { name: 'Create a Secret from it' });
  }
}
