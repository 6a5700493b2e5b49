/**
 * vitest globalSetup (vitest.config.ts): one PostgreSQL server per test run, shared by every test file, stopped
 * at the end. GATEHOUSE_TEST_POSTGRES_URL (a superuser URL) uses a server you run instead;
 * GATEHOUSE_TEST_SKIP_POSTGRES=1 skips the PostgreSQL half of the database tests (they show as skipped). If the
 * server cannot start, the run goes on and every PostgreSQL test fails with the reason (test-databases.ts).
 */
import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './postgres-server';
import type { ProvidedPostgres } from './provided-postgres';
import './provided-postgres';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const provide = (value: ProvidedPostgres) => project.provide('gatehousePostgres', value);
  if (process.env.GATEHOUSE_TEST_SKIP_POSTGRES === '1') {
    provide({ state: 'skipped' });
    return undefined;
  }
  const external = process.env.GATEHOUSE_TEST_POSTGRES_URL?.trim();
  if (external) {
    provide({ state: 'ready', url: external });
    return undefined;
  }
  try {
    const server = await startPostgresServer();
    provide({ state: 'ready', url: server.url });
    return () => server.stop();
  } catch (e) {
    provide({ state: 'failed', error: e instanceof Error ? e.message : String(e) });
    return undefined;
  }
}
