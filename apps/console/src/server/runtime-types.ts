import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { OidcSettings } from './auth/oidc/oidc-settings';
import type { SnapshotCache } from './feed/snapshot-builder';
import type { ServiceDeps } from './services/deps';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Attaches the computed status (conditions from the compiler, the one place they are computed) to objects. */
export interface StatusSource {
  decorate(objects: KubeObject[]): Promise<KubeObject[]>;
}

/** Everything a request handler can reach: the services' dependencies plus the feed and status caches. */
export interface ConsoleRuntime extends ServiceDeps {
  snapshots: SnapshotCache;
  statuses: StatusSource;
  log: Logger;
  /** The worker token's value: the console presents it to a worker's admin `POST /probe` (ARCHITECTURE.md). */
  workerToken: string;
  /** The first-run setup code this process logged at start (null once an account exists). */
  setupCode: string | null;
  /** GATEHOUSE_AUDIT_RETENTION_DAYS: the default of an audit prune (undefined: events are kept until pruned by hand). */
  auditRetentionDays?: number | undefined;
  /** Single sign-on, when configured (GATEHOUSE_OIDC_*). */
  oidc?: OidcSettings | undefined;
  /** GATEHOUSE_PASSWORD_LOGIN: whether the sign-in page shows the password form (it always works at /login?local=1). */
  passwordLogin?: 'shown' | 'hidden';
}
