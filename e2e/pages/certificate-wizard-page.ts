import { expect, type Locator, type Page } from '@playwright/test';

/** /certificates/new: the certificate wizard, one step at a time. */
export class CertificateWizardPage {
  readonly stepHeading: Locator;
  readonly steps: Locator;
  readonly panel: Locator;

  constructor(readonly page: Page) {
    this.panel = page.locator('section.wizard-panel');
    this.stepHeading = page.locator('#wizard-step-title');
    this.steps = page.getByRole('navigation', { name: 'Wizard steps' });
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/certificates/new${query}`);
  }

  async next(): Promise<void> {
    await this.panel.getByRole('button', { name: 'Next', exact: true }).click();
  }

  async expectStep(title: string): Promise<void> {
    await expect(this.stepHeading).toHaveText(title);
  }

  async chooseIntent(label: 'Root CA' | 'Intermediate CA' | 'Server certificate' | 'Client certificate' | 'Sign a CSR' | 'Import'): Promise<void> {
    await this.expectStep('What to make');
    await this.panel.getByRole('radio', { name: new RegExp(`^${label}\\b`) }).check();
    await this.next();
  }

  async fillSubject(fields: { commonName?: string; organization?: string; name?: string }): Promise<void> {
    await this.expectStep('Subject');
    if (fields.commonName !== undefined) await this.panel.getByLabel('Common name (CN)').fill(fields.commonName);
    if (fields.organization !== undefined) await this.panel.getByLabel('Organization (O)').fill(fields.organization);
    if (fields.name !== undefined) await this.panel.getByLabel('Display name in the inventory').fill(fields.name);
    await this.next();
  }

  get sanInput(): Locator {
    return this.panel.getByLabel('Subject alternative names');
  }

  /** The chip of one name: its kind ("DNS name", "IP address", "Invalid") and value. */
  chip(value: string): Locator {
    return this.panel.locator('li.chip').filter({ has: this.page.locator('.chip-value', { hasText: new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
  }

  async typeSan(value: string): Promise<void> {
    await this.sanInput.fill(value);
    await this.sanInput.press('Enter');
  }

  async chooseKey(label: string): Promise<void> {
    await this.expectStep('Key');
    await this.panel.getByRole('radio', { name: new RegExp(`^${label}`) }).check();
    await this.next();
  }

  async chooseIssuer(name: string): Promise<void> {
    await this.expectStep('Issuer');
    await this.panel.getByRole('radio', { name: new RegExp(`^${name}\\b`) }).check();
    await this.next();
  }

  /** The decoded preview on the review step (the server's dry run). */
  get decoded(): Locator {
    return this.panel.getByLabel('Decoded certificate');
  }

  async create(label: string): Promise<void> {
    await this.expectStep('Review');
    await expect(this.decoded).toBeVisible({ timeout: 15_000 });
    await this.panel.getByRole('button', { name: label }).click();
    await this.expectStep('Use it');
  }
}
