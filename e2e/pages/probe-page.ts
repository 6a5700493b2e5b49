import type { Locator, Page } from '@playwright/test';

/** The upstream TLS probe of a Service port. */
export class ProbePage {
  readonly panel: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('region', { name: 'Upstream TLS probe' });
  }

  async goto(namespace: string, service: string, port: number): Promise<void> {
    await this.page.goto(`/probe?namespace=${encodeURIComponent(namespace)}&service=${encodeURIComponent(service)}&port=${port}`);
  }

  async probe(opts: { verifyWith?: 'The policy in force' | "A Secret's ca.crt (try before the policy)"; secret?: string; hostname?: string } = {}): Promise<void> {
    if (opts.verifyWith) await this.panel.getByLabel('Verify with').selectOption({ label: opts.verifyWith });
    if (opts.secret) await this.panel.getByLabel('Secret', { exact: true }).selectOption(opts.secret);
    if (opts.hostname !== undefined) await this.panel.getByLabel('Check the name (optional)').fill(opts.hostname);
    await this.panel.getByRole('button', { name: 'Probe now' }).click();
  }

  endpoint(address: string): Locator {
    return this.panel.getByRole('region', { name: `Endpoint ${address}` });
  }
}
