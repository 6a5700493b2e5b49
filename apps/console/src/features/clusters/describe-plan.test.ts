import { describe, expect, it } from 'vitest';
import type { PlanItem } from '@gatehouse/domain/cluster/cluster.schema';
import {
  countOutcomes, describeCounts, describePushOptions, describePushResult, groupImport, groupPlan, newestFirst, objectLabel,
  orderOutcomes, parseNamespaces, previewPush, summarizeImport, summarizePlan,
} from './describe-plan';

const item = (kind: string, name: string, action: PlanItem['action'], extra: Partial<PlanItem> = {}): PlanItem => ({
  apiVersion: 'v1', kind, namespace: kind === 'Namespace' || kind === 'GatewayClass' ? undefined : 'shop', name, action, diff: action === 'unchanged' ? '' : '--- a\n+++ b\n', problems: [], ...extra,
});

describe('plans in words', () => {
  it('names objects with their namespace, cluster-wide ones without', () => {
    expect(objectLabel({ kind: 'HTTPRoute', namespace: 'shop', name: 'web' })).toBe('HTTPRoute shop/web');
    expect(objectLabel({ kind: 'GatewayClass', name: 'gatehouse' })).toBe('GatewayClass gatehouse');
  });

  it('groups by action, changes first, keeping the apply order inside a group', () => {
    const items = [item('Namespace', 'shop', 'unchanged'), item('Secret', 's', 'create'), item('Gateway', 'gw', 'update'), item('HTTPRoute', 'web', 'create'), item('HTTPRoute', 'old', 'delete')];
    const groups = groupPlan(items);
    expect(groups.map((g) => [g.heading, g.items.map((i) => i.name)])).toEqual([
      ['Create', ['s', 'web']], ['Update', ['gw']], ['Delete', ['old']], ['Unchanged', ['shop']],
    ]);
    expect(groups.map((g) => g.tone)).toEqual(['ok', 'pending', 'bad', 'neutral']);
    expect(summarizePlan(items)).toBe('2 to create, 1 to update, 1 to delete, 1 unchanged.');
  });

  it('says when everything is in place, when nothing is in scope, and when objects will fail', () => {
    expect(summarizePlan([item('Secret', 's', 'unchanged'), item('Gateway', 'g', 'unchanged')])).toBe('Everything is in place: 2 unchanged.');
    expect(summarizePlan([])).toBe('Nothing to push: Gatehouse has no objects in these namespaces.');
    expect(summarizePlan([item('EndpointSlice', 'e', 'create', { problems: ['loopback'] })])).toBe('1 to create. 1 object has problems and will fail unless fixed.');
  });

  it('previews a push: every object prune deletes, and conflicts that only force overcomes', () => {
    const conflict = 'conflict with another field manager: Apply failed with 1 conflict (push with force to take the fields over)';
    const items = [item('HTTPRoute', 'web', 'update', { problems: [conflict] }), item('HTTPRoute', 'old', 'delete'), item('Secret', 'gone', 'delete'), item('Gateway', 'gw', 'create')];
    const off = previewPush(items, { prune: false, force: false });
    expect(off.deletes).toEqual(['HTTPRoute shop/old', 'Secret shop/gone']);
    expect(off.failing).toEqual(['HTTPRoute shop/web']);
    expect(off.conflicts).toEqual(['HTTPRoute shop/web']);
    expect(off.summary).toBe('2 objects will be written to the cluster; 2 objects Gatehouse no longer has will be left in place (prune is off).');
    const on = previewPush(items, { prune: true, force: true });
    expect(on.failing).toEqual([]);
    expect(on.summary).toBe('4 objects will be written to the cluster; 2 of them deleted.');
    expect(previewPush([item('Secret', 's', 'unchanged')], { prune: true, force: false }).summary).toBe('Nothing will be written to the cluster.');
  });

  it('counts outcomes in a fixed order and puts failures first', () => {
    const items = [{ outcome: 'unchanged' }, { outcome: 'created' }, { outcome: 'failed' }, { outcome: 'created' }];
    expect(countOutcomes(items)).toEqual({ unchanged: 1, created: 2, failed: 1 });
    expect(describeCounts(countOutcomes(items))).toBe('2 created, 1 unchanged, 1 failed');
    expect(describeCounts({})).toBe('no objects');
    expect(orderOutcomes(items).map((i) => i.outcome)).toEqual(['failed', 'unchanged', 'created', 'created']);
    expect(describePushResult({ push: 2, outcome: 'partial', items })).toBe('Push #2 partial: 2 created, 1 unchanged, 1 failed.');
    expect(describePushOptions({ prune: true, force: false })).toBe('prune');
    expect(describePushOptions({ prune: false, force: false })).toBe('no prune, no force');
    expect(newestFirst([{ push: 1 }, { push: 3 }, { push: 2 }]).map((r) => r.push)).toEqual([3, 2, 1]);
  });

  it('reads namespaces typed with commas or spaces', () => {
    expect(parseNamespaces(' shop, staging  shop,,\nprod ')).toEqual(['shop', 'staging', 'prod']);
    expect(parseNamespaces('  ')).toEqual([]);
  });

  it('groups an import preview and its result', () => {
    const results = [{ name: 'a', outcome: 'created' }, { name: 'b', outcome: 'unchanged' }, { name: 'c', outcome: 'configured' }];
    expect(groupImport(results, true).map((g) => [g.heading, g.items.map((i) => i.name)])).toEqual([['would be created', ['a']], ['would be changed', ['c']], ['already the same', ['b']]]);
    expect(groupImport(results, false).map((g) => g.heading)).toEqual(['created', 'changed', 'unchanged']);
    expect(summarizeImport({ dryRun: true, results, skipped: [{}] })).toBe('2 objects would be created or changed in Gatehouse (1 already the same, 1 skipped).');
    expect(summarizeImport({ dryRun: false, results: [results[0]!], skipped: [] })).toBe('Imported 1 object into Gatehouse.');
    expect(summarizeImport({ dryRun: true, results: [], skipped: [] })).toBe('Nothing would change in Gatehouse.');
  });
});
