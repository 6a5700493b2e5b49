import { describe, expect, it } from 'vitest';
import { isActivePath } from '../shell/nav-items';
import { createHref, detailHref, editHref, hrefOf, listHref, parseObjectRoute, sectionPathOf } from './resource-href';

describe('one URL scheme for every object', () => {
  it('namespaced and cluster-scoped objects, their edit pages and creation', () => {
    expect(detailHref('gateways', 'httpbin', 'simple-fsm-gateway')).toBe('/resources/gateways/httpbin/simple-fsm-gateway');
    expect(editHref('httproutes', 'httpbin', 'http-route-foo')).toBe('/resources/httproutes/httpbin/http-route-foo/edit');
    expect(detailHref('gatewayclasses', undefined, 'gatehouse')).toBe('/resources/gatewayclasses/gatehouse');
    expect(createHref('services', 'httpbin')).toBe('/resources/services/new?namespace=httpbin');
    expect(hrefOf({ group: 'gateway.flomesh.io', kind: 'UpstreamTLSPolicy', namespace: 'httpbin', name: 'p' })).toBe('/resources/upstreamtlspolicies/httpbin/p');
    expect(hrefOf({ group: '', kind: 'Namespace', namespace: '', name: 'httpbin' })).toBeUndefined();
    expect(hrefOf({ group: 'example.com', kind: 'Widget', namespace: 'a', name: 'b' })).toBeUndefined();
  });

  it('reads URLs back, and refuses ones that name no object', () => {
    expect(parseObjectRoute('gateways', ['httpbin', 'gw'])).toMatchObject({ namespace: 'httpbin', name: 'gw', edit: false, kind: { kind: 'Gateway' } });
    expect(parseObjectRoute('gateways', ['httpbin', 'gw', 'edit'])).toMatchObject({ name: 'gw', edit: true });
    // A Gateway may be called "edit": two segments are always namespace and name.
    expect(parseObjectRoute('gateways', ['httpbin', 'edit'])).toMatchObject({ name: 'edit', edit: false });
    expect(parseObjectRoute('gatewayclasses', ['gatehouse', 'edit'])).toMatchObject({ name: 'gatehouse', edit: true });
    expect(parseObjectRoute('gateways', ['gw'])).toBeUndefined();
    expect(parseObjectRoute('namespaces', ['x'])).toBeUndefined();
    expect(parseObjectRoute('widgets', ['a', 'b'])).toBeUndefined();
  });

  it('links back to the list a kind is shown in, keeping the namespace', () => {
    expect(listHref('backendtlspolicies', 'staging')).toBe('/tls-policies?kind=backend&namespace=staging');
    expect(listHref('gateways', 'httpbin')).toBe('/gateways?namespace=httpbin');
    expect(listHref('listenersets', 'team')).toBe('/gateways/listener-sets?namespace=team');
  });
});

describe('the sidebar section of an object page', () => {
  it('is the list page of its kind', () => {
    expect(sectionPathOf('/resources/backendtlspolicies/staging/api-tls')).toBe('/tls-policies');
    expect(sectionPathOf('/resources/httproutes/new')).toBe('/routes');
    expect(sectionPathOf('/resources/listenersets/team/extra')).toBe('/gateways/listener-sets');
    expect(sectionPathOf('/gateways')).toBeUndefined();
    expect(isActivePath('/resources/gateways/httpbin/gw/edit', '/gateways')).toBe(true);
    expect(isActivePath('/resources/gateways/httpbin/gw', '/')).toBe(false);
    expect(isActivePath('/gateways', '/gateways')).toBe(true);
  });
});
