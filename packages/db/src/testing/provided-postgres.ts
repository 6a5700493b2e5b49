/**
 * What the vitest global setup hands to test workers about PostgreSQL (vitest `provide`/`inject`): a superuser
 * URL, or why there is none. @see https://vitest.dev/config/globalsetup
 */
export type ProvidedPostgres =
  | { state: 'ready'; url: string }
  | { state: 'skipped' } // GATEHOUSE_TEST_SKIP_POSTGRES=1
  | { state: 'failed'; error: string };

declare module 'vitest' {
  export interface ProvidedContext {
    gatehousePostgres: ProvidedPostgres;
  }
}
