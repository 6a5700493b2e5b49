/**
 * Makes Prisma's SQLite adapter keep queries out of other callers' transactions.
 *
 * @prisma/adapter-better-sqlite3 has ONE connection per client. An interactive transaction is a `BEGIN` on that
 * connection that stays open across awaits, and the adapter runs every other query on the same connection
 * meanwhile: a request's plain `prisma.x.update()` issued while another request's transaction is open runs
 * inside that transaction, sees its uncommitted rows, and is rolled back with it (tested in
 * sqlite-transaction-gate.test.ts). PostgreSQL's adapter takes a pool connection per transaction, so it has no
 * such problem.
 *
 * The gate is one FIFO lock: a transaction holds it from start to commit/rollback, a query outside a transaction
 * holds it while it runs (better-sqlite3 is synchronous, so that is microseconds). Queries inside a transaction
 * go to the transaction object and do not wait. Consequence: code inside withTransaction must use `tx`, not
 * `db.prisma` — on SQLite a `db.prisma` call there waits for the transaction, which ends by timeout.
 */
import type { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

type AdapterFactory = PrismaBetterSQLite3;
type Adapter = Awaited<ReturnType<AdapterFactory['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

/** A FIFO mutex: acquire() resolves with the release function once every earlier holder has released. */
class FifoLock {
  #tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return ready;
  }
}

/** Wraps the factory so every adapter it makes goes through one gate. */
export function gateSqliteTransactions(factory: AdapterFactory): AdapterFactory {
  const lock = new FifoLock();
  return new Proxy(factory, {
    get(target, prop, receiver) {
      if (prop === 'connect') return async () => gateAdapter(await target.connect(), lock);
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function gateAdapter(adapter: Adapter, lock: FifoLock): Adapter {
  const exclusive =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const release = await lock.acquire();
      try {
        return await fn(...args);
      } finally {
        release();
      }
    };
  const gated: Partial<Adapter> = {
    queryRaw: exclusive((q) => adapter.queryRaw(q)),
    executeRaw: exclusive((q) => adapter.executeRaw(q)),
    executeScript: exclusive((s) => adapter.executeScript(s)),
    async startTransaction(isolationLevel) {
      const release = await lock.acquire();
      let tx: Transaction;
      try {
        tx = await adapter.startTransaction(isolationLevel);
      } catch (e) {
        release();
        throw e;
      }
      return gateTransaction(tx, release);
    },
  };
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop in gated) return gated[prop as keyof Adapter];
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function gateTransaction(tx: Transaction, release: () => void): Transaction {
  let released = false;
  const end = (fn: () => Promise<void>) => async () => {
    try {
      await fn();
    } finally {
      if (!released) {
        released = true;
        release();
      }
    }
  };
  const gated: Partial<Transaction> = { commit: end(() => tx.commit()), rollback: end(() => tx.rollback()) };
  return new Proxy(tx, {
    get(target, prop, receiver) {
      if (prop in gated) return gated[prop as keyof Transaction];
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
