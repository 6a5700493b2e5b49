import { describe, expect, it } from 'vitest';
import { compileSnapshot } from '@gatehouse/compiler/compile/compile-snapshot';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { parseObject } from '@gatehouse/domain/registry/parse-object';
import { DEFAULT_SERVER_LIMITS } from '../../../proxy/server-limits';
import { parseServersConn, parseServersState, unexpectedStates } from '../supervise/runtime-api';
import { endpointChange, runtimeCommands, withoutEndpoints } from './endpoint-change';
import { type RenderedConfig, renderHaproxyConfig } from './render-config';
import { type Placement, placeEndpoints, slotCount } from './server-slots';

/**
 * Endpoint-only changes (issue 13 §1): what the renderer's server slots make of endpoint lists, and which pairs of
 * renders the data plane may put in force through HAProxy's runtime API instead of a reload.
 */
describe('slotCount', () => {
  it('leaves half as many again, in powers of two from 4; none without endpoints', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10, 11, 100].map(slotCount)).toEqual([0, 4, 4, 8, 8, 8, 16, 16, 32, 256]);
  });
});

describe('placeEndpoints', () => {
  const running = (slots: Array<string | null>, service = 'ns/s:80'): Placement => ({ running: new Map([['b', { backend: 'b', service, slots }]]) });
  const live = (slots: Array<string | null>, busy: number[] = []): Placement => ({ ...running(slots), live: { busy: new Map([['b', new Set(busy)]]) } });
  const place = (endpoints: string[], placement?: Placement): Array<string | null> => placeEndpoints(endpoints, 'b', 'ns/s:80', placement);

  it('without slots in force: table order, then free slots', () => {
    expect(place(['a:1', 'b:1', 'c:1'])).toEqual(['a:1', 'b:1', 'c:1', null, null, null, null, null]);
    expect(place([])).toEqual([]);
  });

  it('keeps each endpoint in its slot; for a reload a new one takes a slot free before, then one this change frees', () => {
    // b goes, d and e come: e takes slot 1 (free before), d the slot b leaves.
    expect(place(['e:1', 'c:1', 'a:1', 'd:1'], running(['a:1', null, 'b:1', 'c:1']))).toEqual(['a:1', 'e:1', 'd:1', 'c:1']);
    expect(place(['x:1', 'y:1', 'z:1'], running(['a:1', 'b:1', null, null]))).toEqual(['z:1', null, 'x:1', 'y:1']);
  });

  it('live: never a slot this change frees, nor a busy one; more slots when they do not fit', () => {
    expect(place(['a:1', 'x:1'], live(['a:1', 'b:1', null, null]))).toEqual(['a:1', null, 'x:1', null]);
    expect(place(['a:1', 'x:1'], live(['a:1', 'b:1', null, null], [2]))).toEqual(['a:1', null, null, 'x:1']);
    // Slot 1 is freed now, 2 busy, 3 free: x fits, y does not (a reload will place them).
    expect(place(['a:1', 'x:1', 'y:1'], live(['a:1', 'b:1', null, null], [2]))).toEqual(['a:1', null, null, 'x:1', 'y:1', null, null, null]);
  });

  it('keeps the slot count while the endpoints fit, and grows it (keeping slots) when they do not', () => {
    expect(place(['a:1'], running(['a:1', 'b:1', 'c:1', 'd:1', null, null, null, null]))).toHaveLength(8);
    expect(place(['a:1', 'b:1', 'c:1', 'd:1', 'e:1'], running(['d:1', 'a:1', 'b:1', 'c:1']))).toEqual(['d:1', 'a:1', 'b:1', 'c:1', 'e:1', null, null, null]);
  });

  it('counts a repeated endpoint as often as the table has it', () => {
    expect(place(['a:1', 'a:1'], running(['a:1', null, null, null]))).toEqual(['a:1', 'a:1', null, null]);
  });

  it('ignores the slots of another Service (a backend name now used for another backendRef)', () => {
    expect(place(['x:1'], running([null, null, 'x:1', null], 'ns/other:80'))).toEqual(['x:1', null, null, null]);
  });
});

const T0 = '2025-01-01T00:00:00Z';

function objects(opts: { endpoints: string[]; header?: string; port?: number }): KubeObject[] {
  const raw: Array<Record<string, unknown>> = [
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { namespace: 'web', name: 'gw', generation: 1, creationTimestamp: T0 },
      spec: { gatewayClassName: 'gatehouse', listeners: [{ name: 'http', protocol: 'HTTP', port: 8080, allowedRoutes: { namespaces: { from: 'Same' } } }] },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { namespace: 'web', name: 'r', generation: 1, creationTimestamp: T0 },
      spec: {
        parentRefs: [{ name: 'gw' }],
        rules: [
          {
            ...(opts.header === undefined ? {} : { filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-h', value: opts.header }] } }] }),
            backendRefs: [{ name: 'app', port: 80 }],
          },
        ],
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'web', name: 'app' }, spec: { ports: [{ port: 80, targetPort: opts.port ?? 8080 }] } },
  ];
  if (opts.endpoints.length > 0) {
    raw.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { namespace: 'web', name: 'app-1', labels: { 'kubernetes.io/service-name': 'app' } },
      addressType: opts.endpoints.some((e) => e.includes(':')) ? 'IPv6' : 'IPv4',
      ports: [{ name: '', protocol: 'TCP', port: opts.port ?? 8080 }],
      endpoints: opts.endpoints.map((a) => ({ addresses: [a], conditions: { ready: true } })),
    });
  }
  return raw.map((o) => parseObject(o));
}

/** Renders a table; with `running`, placed into its slots for a runtime update (or for a reload with `reload`). */
function render(revision: number, objs: KubeObject[], running?: RenderedConfig, reload = false): RenderedConfig {
  const { table } = compileSnapshot({ revision, objects: objs }, { controllerName: 'gatehouse.dev/gateway-controller', now: T0 });
  return renderHaproxyConfig(table, {
    dir: '/run/gh',
    bindAddress: '0.0.0.0',
    revision,
    threads: 1,
    limits: { ...DEFAULT_SERVER_LIMITS },
    trustedProxies: [],
    ...(running === undefined ? {} : { placement: { running: new Map(running.pools.map((p) => [p.backend, p])), ...(reload ? {} : { live: { busy: new Map() } }) } }),
  });
}

describe('endpointChange', () => {
  const first = render(1, objects({ endpoints: ['10.0.0.1', '10.0.0.2'] }));

  it('renders spare slots disabled, with every option of a used one', () => {
    const servers = first.config.split('\n').filter((l) => l.trim().startsWith('server e'));
    expect(servers).toHaveLength(8);
    expect(servers[0]).toBe('  server e0 10.0.0.1:8080 check no-check-ssl inter 5s fall 1 rise 1 observe layer4 error-limit 1 on-error mark-down');
    expect(servers[5]).toBe('  server e2b 0.0.0.0:1 backup disabled');
    expect(first.config).toContain('option allbackups');
  });

  it('an endpoint replaced and one added: runtime, the new ones first, the old one put in maintenance last', () => {
    const next = render(2, objects({ endpoints: ['10.0.0.2', '10.0.0.3', '10.0.0.4'] }), first);
    const change = endpointChange(first, next);
    expect(change).toEqual({
      kind: 'runtime',
      changes: [
        { backend: 'b8080_1_0', slot: 0, from: '10.0.0.1:8080', to: null },
        { backend: 'b8080_1_0', slot: 2, from: null, to: '10.0.0.3:8080' },
        { backend: 'b8080_1_0', slot: 3, from: null, to: '10.0.0.4:8080' },
      ],
    });
    expect(runtimeCommands(change.kind === 'runtime' ? change.changes : [])).toEqual([
      'set server b8080_1_0/e2 addr 10.0.0.3 port 8080',
      'set server b8080_1_0/e2b addr 10.0.0.3 port 8080',
      'set server b8080_1_0/e2 state ready',
      'set server b8080_1_0/e2b state ready',
      'set server b8080_1_0/e3 addr 10.0.0.4 port 8080',
      'set server b8080_1_0/e3b addr 10.0.0.4 port 8080',
      'set server b8080_1_0/e3 state ready',
      'set server b8080_1_0/e3b state ready',
      'set server b8080_1_0/e0 state maint',
      'set server b8080_1_0/e0b state maint',
    ]);
    // The configuration written for it holds the endpoints where the running process has them.
    expect(next.config).toContain('  server e0 0.0.0.0:1 check');
    expect(next.config).toContain('  server e3b 10.0.0.4:8080 backup\n');
    // The Lua error answers name no endpoint: the same file.
    expect(next.files.map((f) => f.name)).toEqual(first.files.map((f) => f.name));
  });

  it('all slots taken: a replaced endpoint does not take the slot its predecessor leaves (reload), which a reload reuses', () => {
    const full = render(2, objects({ endpoints: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'] }), first);
    const swapped = objects({ endpoints: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.9'] });
    const change = endpointChange(full, render(3, swapped, full));
    expect(change.kind === 'reload' ? change.reason : change).toMatch(/^backend b8080_1_0 \(web\/app:80\): no free slot for every new endpoint \(4 endpoints, 4 slots;/);
    expect(render(3, swapped, full, true).pools).toEqual([{ backend: 'b8080_1_0', service: 'web/app:80', slots: ['10.0.0.1:8080', '10.0.0.2:8080', '10.0.0.3:8080', '10.0.0.9:8080'] }]);
    // Should a slot change endpoints, it is put in maintenance before its address changes.
    expect(runtimeCommands([{ backend: 'b', slot: 3, from: '10.0.0.4:8080', to: '10.0.0.9:8080' }]).slice(0, 3)).toEqual(['set server b/e3 state maint', 'set server b/e3b state maint', 'set server b/e3 addr 10.0.0.9 port 8080']);
  });

  it('IPv6 endpoints: brackets in the configuration, none in the command', () => {
    const v6 = render(1, objects({ endpoints: ['fd00::1'] }));
    const next = render(2, objects({ endpoints: ['fd00::1', 'fd00::2'] }), v6);
    const change = endpointChange(v6, next);
    expect(change.kind).toBe('runtime');
    expect(runtimeCommands(change.kind === 'runtime' ? change.changes : [])[0]).toBe('set server b8080_1_0/e1 addr fd00::2 port 8080');
    expect(next.config).toContain('  server e1 [fd00::2]:8080 check');
  });

  it('only the revision changed: runtime with nothing to do', () => {
    expect(endpointChange(first, render(2, objects({ endpoints: ['10.0.0.1', '10.0.0.2'] }), first))).toEqual({ kind: 'runtime', changes: [] });
  });

  it('more endpoints than slots: reload, saying which backend', () => {
    const change = endpointChange(first, render(2, objects({ endpoints: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'] }), first));
    expect(change.kind === 'reload' ? change.reason : change).toMatch(/^backend b8080_1_0 \(web\/app:80\): no free slot for every new endpoint \(5 endpoints, 4 slots;/);
  });

  it('the first or the last endpoint: reload (no endpoints is a 503 answer, not a set of free slots)', () => {
    const none = render(2, objects({ endpoints: [] }), first);
    expect(endpointChange(first, none)).toEqual({ kind: 'reload', reason: 'backend b8080_1_0 (web/app:80) loses its last endpoint' });
    expect(endpointChange(none, render(3, objects({ endpoints: ['10.0.0.1'] }), none))).toEqual({ kind: 'reload', reason: 'backend b8080_1_0 (web/app:80) gets its first endpoints' });
  });

  it('anything else changed: reload, saying where', () => {
    const change = endpointChange(first, render(2, objects({ endpoints: ['10.0.0.1', '10.0.0.3'], header: 'v2' }), first));
    expect(change.kind).toBe('reload');
    expect(change.kind === 'reload' ? change.reason : '').toMatch(/^the configuration differs beyond endpoints at line \d+ \(in "backend b8080_1_0"\)$/);
    // A changed endpoint port is an endpoint change; a changed Service (its backendRef) is not one.
    expect(endpointChange(first, render(2, objects({ endpoints: ['10.0.0.1', '10.0.0.2'], port: 9090 }), first)).kind).toBe('runtime');
  });

  it('a backend speaking TLS to its endpoints reloads instead (TLS servers are not moved live)', () => {
    const tls = (r: RenderedConfig): RenderedConfig => ({ ...r, backends: r.backends.map((b) => ({ ...b, tls: true })) });
    const next = render(2, objects({ endpoints: ['10.0.0.2', '10.0.0.3'] }), first);
    expect(endpointChange(first, next).kind).toBe('runtime');
    expect(endpointChange(tls(first), tls(next))).toEqual({ kind: 'reload', reason: 'backend b8080_1_0 (web/app:80) speaks TLS to its endpoints: TLS servers are not moved live' });
    // Unchanged endpoints of a TLS backend stay a runtime change with nothing to do.
    expect(endpointChange(tls(first), tls(render(3, objects({ endpoints: ['10.0.0.1', '10.0.0.2'] }), first)))).toEqual({ kind: 'runtime', changes: [] });
  });

  it('withoutEndpoints leaves out slot addresses and the revision, nothing else', () => {
    const a = withoutEndpoints(first);
    expect(a).not.toContain('10.0.0.1');
    expect(a).not.toContain('probe-1.sock');
    expect(a).toContain('  server e0 <slot> check no-check-ssl');
    expect(a).toContain('  server e3b <slot> backup\n');
    expect(a).toContain('frontend gh_probe');
  });
});

describe('show servers state', () => {
  // HAProxy 2.6's answer (two backends asked in one request): version line, header, rows.
  const answer = `1
# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port
3 b 1 e0 127.0.0.1 0 0 1 1 5 8 2 0 6 0 0 0 - 19101 - 0 0 - - 0
3 b 2 e0b 127.0.0.1 2 0 1 1 5 1 0 2 0 0 0 0 - 19101 - 0 0 - - 0
3 b 3 e1 127.0.0.1 2 4 1 1 0 1 0 1 6 0 0 0 - 19102 - 0 0 - - 0
3 b 4 e1b 0.0.0.0 0 5 1 1 0 1 0 0 8 0 0 0 - 1 - 0 0 - - 0

1
# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port
4 c 1 e0 fd00::2 2 0 1 1 5 8 2 0 6 0 0 0 - 80 - 0 0 - - 0
`;

  it('parses every row of several answers', () => {
    const rows = parseServersState(answer);
    expect(rows.map((r) => `${r.backend}/${r.server} ${r.address}:${r.port} ${r.admin}`)).toEqual(['b/e0 127.0.0.1:19101 0', 'b/e0b 127.0.0.1:19101 0', 'b/e1 127.0.0.1:19102 4', 'b/e1b 0.0.0.0:1 5', 'c/e0 fd00::2:80 0']);
  });

  it('says which servers are not as the slot changes should have left them', () => {
    const rows = parseServersState(answer);
    expect(unexpectedStates([{ backend: 'b', slot: 0, from: null, to: '127.0.0.1:19101' }, { backend: 'c', slot: 0, from: null, to: '[fd00:0::2]:80' }], rows)).toEqual(['c/e0b is missing']);
    expect(unexpectedStates([{ backend: 'b', slot: 1, from: null, to: '127.0.0.1:19102' }], rows)).toEqual(['b/e1b is in maintenance', 'b/e1b is 0.0.0.0:1, not 127.0.0.1:19102']);
    expect(unexpectedStates([{ backend: 'b', slot: 0, from: '127.0.0.1:19101', to: null }], rows)).toEqual(['b/e0 should be in maintenance', 'b/e0b should be in maintenance']);
  });
});

describe('show servers conn', () => {
  it('reads connections in use and kept idle per server', () => {
    // HAProxy 2.6.12: a server with one connection back in its idle pool after its request finished in maintenance.
    const answer = `# bkname/svname bkid/svid addr port - purge_delay used_cur used_max need_est unsafe_nb safe_nb idle_lim idle_cur idle_per_thr[2]
b/e0 3/1 127.0.0.1 19101 - 5000 0 3 3 0 1 -1 1 1 0
b/e0b 3/2 127.0.0.1 19101 - 5000 2 2 2 0 0 -1 0 0 0
`;
    expect(parseServersConn(answer)).toEqual([
      { backend: 'b', server: 'e0', used: 0, idle: 2 },
      { backend: 'b', server: 'e0b', used: 2, idle: 0 },
    ]);
  });
});
