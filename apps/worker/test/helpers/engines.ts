import type { EngineName } from '@gatehouse/compiler/engines/engine-name';

/**
 * The engines the data-plane suites run against (`describe.each(testEngines())`): both, always, as the Kubernetes and
 * PostgreSQL suites run whenever they are not left out on purpose. A machine without a runnable HAProxy
 * (GATEHOUSE_HAPROXY_BIN, default `haproxy` on PATH) fails the haproxy half with the worker's startup error, which
 * names the variable and how to install it; GATEHOUSE_TEST_SKIP_HAPROXY=1 leaves that half out on purpose, and
 * vitest.config.ts says so once per run and leaves out the engine's own life-cycle suite.
 */
export function testEngines(): EngineName[] {
  return process.env.GATEHOUSE_TEST_SKIP_HAPROXY === '1' ? ['node'] : ['node', 'haproxy'];
}
