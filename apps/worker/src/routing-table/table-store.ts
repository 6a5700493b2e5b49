import type { RoutingTable } from '@gatehouse/compiler/routing-table/routing-table';

/**
 * One reference to the enforced routing table. `swap` replaces it atomically: a request reads `current`
 * once and finishes on that table, so in-flight requests are never affected by a swap.
 */
export class TableStore {
  private table: RoutingTable | null = null;
  private swappedAt: string | null = null;

  get current(): RoutingTable | null {
    return this.table;
  }

  get revision(): number | null {
    return this.table?.revision ?? null;
  }

  get enforcedAt(): string | null {
    return this.swappedAt;
  }

  /** Installs `next` and returns the table it replaced. */
  swap(next: RoutingTable): RoutingTable | null {
    const previous = this.table;
    this.table = next;
    this.swappedAt = new Date().toISOString();
    return previous;
  }
}
