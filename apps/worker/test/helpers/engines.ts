import type { EngineName } from '@gatehouse/compiler/engines/engine-name';
import { checkHaproxyBinary } from '../../src/config/worker-config';

/**
 * The engines the data-plane suites run against (`describe.each(testEngines())`): the Node engine always, HAProxy
 * when its binary runs (GATEHOUSE_HAPROXY_BIN, default `haproxy` on PATH). When it does not, the haproxy half is
 * left out LOUDLY: a console warning at collection naming the reason, and `haproxySkipReason()` for a skipped
 * placeholder test, so a run without HAProxy never passes silently for both engines. vitest.config.ts prints the same
 * warning once per run. GATEHOUSE_TEST_SKIP_HAPROXY=1 leaves it out on purpose (said just as loudly).
 */
let cached: { engines: EngineName[]; skip: string | null } | null = null;

function probe(): { engines: EngineName[]; skip: string | null } {
  if (cached !== null) return cached;
  if (process.env.GATEHOUSE_TEST_SKIP_HAPROXY === '1') {
    cached = { engines: ['node'], skip: 'GATEHOUSE_TEST_SKIP_HAPROXY=1 is set' };
  } else {
    try {
      checkHaproxyBinary(process.env.GATEHOUSE_HAPROXY_BIN ?? 'haproxy');
      cached = { engines: ['node', 'haproxy'], skip: null };
    } catch (err) {
      cached = { engines: ['node'], skip: err instanceof Error ? err.message : String(err) };
    }
  }
  if (cached.skip !== null) console.warn(`\n⚠️  HAPROXY ENGINE NOT TESTED: the haproxy half of the data-plane suites is left out: ${cached.skip}\n`);
  return cached;
}

export function testEngines(): EngineName[] {
  return probe().engines;
}

/** Why the haproxy half is left out, or null when it runs. */
export function haproxySkipReason(): string | null {
  return probe().skip;
}
