import pg from 'pg';

/**
 * A pg.Pool that takes back a checked-out client whose connection ended (the server stopped or restarted, the
 * network dropped). Prisma's transaction manager (6.19, client engine) sends COMMIT or ROLLBACK as a query and
 * releases the connection only after that query succeeds; when the connection died mid-transaction the query
 * throws and the client is never released. Each such transaction kept one pool slot for the life of the process:
 * after a database restart a console with 4 writes in flight was left with one usable connection of five, and
 * `close()` waited forever for the others.
 *
 * Only the promise form of connect() is guarded (what adapter-pg uses for transactions, and the migrator);
 * pool.query's internal callback form releases its client itself. Release becomes idempotent, so the owner
 * releasing afterwards is harmless.
 */
export class GuardedPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: Error | boolean) => void) => void): void;
  override connect(
    callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: Error | boolean) => void) => void,
  ): Promise<pg.PoolClient> | void {
    if (callback) return super.connect(callback);
    return super.connect().then(releaseWhenLost);
  }
}

function releaseWhenLost(client: pg.PoolClient): pg.PoolClient {
  const release = client.release.bind(client);
  let released = false;
  const onEnd = () => client.release(new Error('the database connection ended while checked out'));
  client.once('end', onEnd);
  client.release = (err?: Error | boolean) => {
    client.removeListener('end', onEnd);
    if (released) return;
    released = true;
    release(err);
  };
  return client;
}
