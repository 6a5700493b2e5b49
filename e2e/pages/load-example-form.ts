import { expect, type Locator, type Page } from '@playwright/test';

/** The "Load the Upstream TLS example" form (empty states of the dashboard, topology and simulator). */
export class LoadExampleForm {
  readonly form: Locator;
  /** What was made, with links onward (shown in place of the form once the objects exist). */
  readonly loaded: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: 'Load the Upstream TLS example' });
    this.loaded = page.getByRole('status', { name: 'Example loaded' });
  }

  async load(opts: { namespace: string; listenerPort: number; upstreamAddress?: string; upstreamPort?: number }): Promise<void> {
    await this.form.getByLabel('Namespace').fill(opts.namespace);
    await this.form.getByLabel('Gateway listener port').fill(String(opts.listenerPort));
    if (opts.upstreamAddress) await this.form.getByLabel('httpbin address').fill(opts.upstreamAddress);
    if (opts.upstreamPort) await this.form.getByLabel('httpbin port').fill(String(opts.upstreamPort));
    await this.form.getByRole('button', { name: 'Load the Upstream TLS example' }).click();
    await expect(this.loaded).toContainText(`The Upstream TLS example is in namespace ${opts.namespace}.`, { timeout: 20_000 });
  }
}
