import type { MasterKey } from '../secrets/master-key';
import type { Db } from '../store/db';
import type { RevisionBus } from '../feed/revision-bus';

/** What every service needs; built once per process (runtime.ts) or per test. */
export interface ServiceDeps {
  db: Db;
  key: MasterKey;
  bus: RevisionBus;
  now: () => Date;
}
