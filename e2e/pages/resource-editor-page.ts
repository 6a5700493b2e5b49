import { expect, type Locator, type Page } from '@playwright/test';

/** The typed form of one object with its YAML tab (features/resource-editor). */
export class ResourceEditorPage {
  readonly form: Locator;
  readonly yaml: Locator;
  readonly errorSummary: Locator;
  readonly conflict: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: /^(New|Edit) / });
    this.yaml = page.getByLabel(/ as YAML$/);
    this.errorSummary = page.locator('.error-summary');
    this.conflict = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: /was changed by someone else/ }) });
  }

  tab(name: 'Form' | 'YAML'): Locator {
    return this.page.getByRole('tab', { name, exact: true });
  }

  /** A repeated item (listener, rule, backend…) by its accessible name: "listener http", "backend 1". */
  item(name: string): Locator {
    return this.form.getByRole('group', { name, exact: true });
  }

  field(label: string, within?: Locator): Locator {
    return (within ?? this.form).getByLabel(label, { exact: true });
  }

  async save(): Promise<void> {
    await this.form.getByRole('button', { name: /^(Create \w+|Save changes)$/ }).click();
  }

  /** Replaces the YAML text as a person would (select all, type), which updates the form when it parses. */
  async writeYaml(text: string): Promise<void> {
    await this.tab('YAML').click();
    await this.yaml.fill(text);
  }

  async yamlText(): Promise<string> {
    return this.yaml.inputValue();
  }

  async expectToast(text: string | RegExp): Promise<void> {
    await expect(this.page.locator('.toaster').getByText(text)).toBeVisible();
  }
}
