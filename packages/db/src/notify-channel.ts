/**
 * PostgreSQL LISTEN/NOTIFY for console replicas: a write transaction sends `pg_notify(channel, payload)`, which
 * the server delivers to every listening session when (and only if) that transaction commits, so a replica learns
 * of another replica's write within a round trip instead of by polling.
 *
 * The listening session is one dedicated connection, not one borrowed from the pool: LISTEN belongs to the
 * session, and a pooled connection would be handed to other queries (and is recycled when idle). A lost connection
 * is reopened with backoff; notifications sent while it was down are gone, so `onConnected` runs after every
 * (re)connect and the caller re-reads whatever it follows there.
 * @see https://www.postgresql.org/docs/15/sql-notify.html
 * @see https://www.postgresql.org/docs/15/sql-listen.html
 */
import pg from 'pg';

/** The channel on which every committed write announces the store's new revision (payload: the revision). */
export const REVISION_CHANNEL = 'gatehouse_revision';

export interface ChannelHandlers {
  onNotification(payload: string): void;
  /** After every successful LISTEN, the first one included: notifications may have been missed before it. */
  onConnected?(): void;
  /** The session was lost; the caller should fall back to polling until onConnected runs again. */
  onDisconnected?(error: Error | undefined): void;
}

export interface ChannelListener {
  /** True while the LISTEN session is up. */
  readonly connected: boolean;
  /** Ends the session and stops reconnecting. Safe to call twice. */
  close(): Promise<void>;
}

const RETRY_INITIAL_MS = 250;
const RETRY_MAX_MS = 5000;

export function listenToChannel(config: pg.ClientConfig, channel: string, handlers: ChannelHandlers): ChannelListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
  let closed = false;
  let connected = false;
  let client: pg.Client | undefined;
  let wake: (() => void) | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const loop = (async () => {
    let delay = RETRY_INITIAL_MS;
    while (!closed) {
      // keepAlive: a session whose peer vanished without a FIN (a network cut) is otherwise never noticed, and
      // the replica would wait for notifications that cannot come.
      const c = new pg.Client({ ...config, keepAlive: true, application_name: 'gatehouse-listen' });
      client = c;
      let lostError: Error | undefined;
      const lost = new Promise<void>((resolve) => {
        c.on('error', (e) => {
          lostError = e;
          resolve();
        });
        c.on('end', () => resolve());
      });
      c.on('notification', (n) => {
        if (n.channel === channel) handlers.onNotification(n.payload ?? '');
      });
      try {
        await c.connect();
        await c.query(`LISTEN ${channel}`);
      } catch {
        await c.end().catch(() => undefined);
        if (closed) break;
        await sleep(delay);
        delay = Math.min(delay * 2, RETRY_MAX_MS);
        continue;
      }
      if (closed) break;
      connected = true;
      delay = RETRY_INITIAL_MS;
      handlers.onConnected?.();
      await lost;
      connected = false;
      await c.end().catch(() => undefined);
      if (closed) break;
      handlers.onDisconnected?.(lostError);
      await sleep(delay);
    }
  })();

  return {
    get connected() {
      return connected;
    },
    async close() {
      if (closed) return loop;
      closed = true;
      connected = false;
      wake?.();
      await client?.end().catch(() => undefined);
      return loop;
    },
  };
}
