import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/**
 * A test host of the test's own: a network namespace joined to this machine by a veth pair with a /30 from
 * 10.213.0.0/16 that exists only between the two ends. Kubernetes refuses loopback addresses in EndpointSlices, so
 * upstreams that a cluster's Services point at run in here; nothing else on any network is ever addressed.
 * Needs root and `ip` (iproute2); elsewhere it answers the reason, for the suite to print.
 */
export interface TestHost {
  name: string;
  /** This machine's end of the link. */
  hostAddress: string;
  /** The namespace's address: what EndpointSlices name. */
  address: string;
  /** Runs a command inside the namespace. */
  spawn(command: string, args: string[], opts?: { env?: NodeJS.ProcessEnv; cwd?: string }): ChildProcess;
  remove(): void;
}

function ip(args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makeTestHost(): TestHost | { reason: string } {
  if (process.getuid?.() !== 0) return { reason: 'network namespaces need root' };
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
  } catch {
    return { reason: '`ip` (iproute2) is not installed' };
  }
  const id = randomBytes(3).toString('hex');
  const name = `gh-${id}`;
  const veth = `vgh${id}`;
  const peer = `vgh${id}p`;
  // A /30 chosen from the id, so parallel suites rarely meet; ip refuses a duplicate address and we try again.
  const n = parseInt(id, 16);
  const third = (n >> 6) % 256;
  const fourth = (n % 64) * 4;
  const hostAddress = `10.213.${third}.${fourth + 1}`;
  const address = `10.213.${third}.${fourth + 2}`;
  try {
    ip(['netns', 'add', name]);
    ip(['link', 'add', veth, 'type', 'veth', 'peer', 'name', peer]);
    ip(['link', 'set', peer, 'netns', name]);
    ip(['addr', 'add', `${hostAddress}/30`, 'dev', veth]);
    ip(['link', 'set', veth, 'up']);
    ip(['netns', 'exec', name, 'ip', 'addr', 'add', `${address}/30`, 'dev', peer]);
    ip(['netns', 'exec', name, 'ip', 'link', 'set', peer, 'up']);
    ip(['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
  } catch (e) {
    try { ip(['link', 'del', veth]); } catch { /* not made */ }
    try { ip(['netns', 'del', name]); } catch { /* not made */ }
    return { reason: `could not make a network namespace: ${(e as { stderr?: Buffer }).stderr?.toString().trim() || (e as Error).message}` };
  }
  return {
    name, hostAddress, address,
    spawn: (command, args, opts = {}) => spawn('ip', ['netns', 'exec', name, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...(opts.env ? { env: opts.env } : {}), ...(opts.cwd ? { cwd: opts.cwd } : {}) }),
    remove() {
      try { ip(['link', 'del', veth]); } catch { /* gone with the namespace */ }
      try { ip(['netns', 'del', name]); } catch { /* already gone */ }
    },
  };
}

/**
 * A test host for a suite: missing root or iproute2 is a failure with the reason, unless GATEHOUSE_TEST_SKIP_NETNS=1
 * says on purpose to skip the tests that send traffic through a cluster's Services (printed). Undefined only then.
 */
export function testHostForTests(suite: string): TestHost | undefined {
  const host = makeTestHost();
  if (!('reason' in host)) return host;
  if (process.env.GATEHOUSE_TEST_SKIP_NETNS === '1') {
    console.warn(`\n[${suite}] traffic tests SKIPPED on request (GATEHOUSE_TEST_SKIP_NETNS=1): ${host.reason}\n`);
    return undefined;
  }
  throw new Error(`[${suite}] cannot make a test host: ${host.reason}. Run as root with iproute2, or set GATEHOUSE_TEST_SKIP_NETNS=1 to skip the traffic tests on purpose.`);
}
