import type { Locator, Page } from '@playwright/test';

/** The topology graph of a namespace: nodes are links named "<Kind> <ns>/<name>: <status>". */
export class TopologyPage {
  readonly graph: Locator;
  readonly attention: Locator;

  constructor(readonly page: Page) {
    this.graph = page.getByRole('group', { name: /^Topology/ });
    this.attention = page.getByRole('region', { name: 'Needs attention' });
  }

  async goto(namespace: string): Promise<void> {
    await this.page.goto(`/topology?namespace=${encodeURIComponent(namespace)}`);
  }

  node(kind: string, namespace: string, name: string): Locator {
    return this.graph.getByRole('link', { name: new RegExp(`^${kind} ${namespace ? `${namespace}/` : ''}${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`) });
  }
}
