import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next-path';

describe('the page to return to after sign-in', () => {
  it('keeps paths on this site, with their query', () => {
    expect(safeNextPath('/gateways?namespace=httpbin')).toBe('/gateways?namespace=httpbin');
    expect(safeNextPath('/')).toBe('/');
  });

  it('refuses other sites and loops back to the sign-in pages', () => {
    for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '', null, undefined, '/login?next=/x', '/setup']) {
      expect(safeNextPath(bad), String(bad)).toBe('/');
    }
  });
});
