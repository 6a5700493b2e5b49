import type { Locator, Page } from '@playwright/test';

/** The request simulator: the form and the explanation. */
export class SimulatorPage {
  readonly form: Locator;
  readonly result: Locator;
  readonly verdict: Locator;
  readonly steps: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: 'Request to simulate' });
    this.result = page.getByRole('region', { name: 'What the gateway does' });
    this.verdict = this.result.getByRole('status');
    this.steps = this.result.locator('.sim-steps li');
  }

  async goto(q: Record<string, string>): Promise<void> {
    await this.page.goto(`/simulator?${new URLSearchParams(q).toString()}`);
  }

  async simulate(req: { port?: number; host: string; path: string; method?: string; headers?: [string, string][] }): Promise<void> {
    if (req.port !== undefined) await this.form.getByLabel('Listener port').selectOption(String(req.port));
    if (req.method) await this.form.getByLabel('Method').selectOption(req.method);
    await this.form.getByLabel('Host').fill(req.host);
    await this.form.getByLabel('Path').fill(req.path);
    for (const [i, [name, value]] of (req.headers ?? []).entries()) {
      await this.form.getByRole('button', { name: 'Add header' }).click();
      await this.form.getByLabel(`Header ${i + 1} name`).fill(name);
      await this.form.getByLabel(`Header ${i + 1} value`).fill(value);
    }
    await this.form.getByRole('button', { name: 'Simulate' }).click();
  }
}
