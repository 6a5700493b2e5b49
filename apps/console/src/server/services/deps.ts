import type { MasterKey } from '../secrets/master-key';
import type { Db } from '../store/db';
import type { RevisionBus } from '../feed/revision-bus';
import type { ConsoleTlsSource } from '../tls/console-tls';

/** What every service needs; built once per process (runtime.ts) or per test. */
export interface ServiceDeps {
  db: Db;
  key: MasterKey;
  bus: RevisionBus;
  now: () => Date;
  /** The certificate the console serves HTTPS with, when it does (GATEHOUSE_TLS_CERTIFICATE or the file pair). */
  consoleTls?: ConsoleTlsSource;
}
