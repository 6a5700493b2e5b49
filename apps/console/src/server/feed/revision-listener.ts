import { REVISION_CHANNEL, type ChannelListener } from '@gatehouse/db/notify-channel';
import type { Logger } from '../runtime-types';
import type { Db } from '../store/db';
import { readRevision } from '../store/revision';
import type { RevisionBus } from './revision-bus';

/**
 * Makes the bus hear every replica's commits. SQLite has one writer process, so its own publishes are all there
 * is. On PostgreSQL each write transaction sends NOTIFY (write-transaction.ts) and this LISTEN session publishes
 * the revision it carries; after each (re)connect the revision is read once, for writes made while the session
 * was down. Returns the listener (PostgreSQL) so the caller may end it; the database's close() ends it anyway.
 */
export function followOtherReplicas(db: Db, bus: RevisionBus, log: Logger): ChannelListener | undefined {
  if (db.provider !== 'postgresql') {
    bus.hearsOtherReplicas = true;
    return undefined;
  }
  let lostOnce = false;
  return db.listen(REVISION_CHANNEL, {
    onNotification(payload) {
      const revision = Number(payload);
      if (Number.isSafeInteger(revision)) bus.publish(revision);
    },
    onConnected() {
      if (lostOnce) log.info({}, 'revision notifications (LISTEN) restored');
      bus.hearsOtherReplicas = true;
      readRevision(db).then(
        (revision) => bus.publish(revision),
        () => undefined, // the database went away again: the next reconnect reads it
      );
    },
    onDisconnected(error) {
      bus.hearsOtherReplicas = false;
      lostOnce = true;
      log.warn({ err: error?.message }, 'revision notifications (LISTEN) lost; the feed re-reads the revision every second until they return');
    },
  });
}
