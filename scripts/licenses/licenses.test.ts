import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM script without type declarations
import { allowed, EXCEPTIONS, productionLicences } from './licenses.mjs';

describe('npm run licenses', () => {
  it('reads SPDX expressions: OR needs one allowed alternative, AND needs all', () => {
    expect(allowed('MIT')).toBe(true);
    expect(allowed('(BSD-3-Clause OR GPL-2.0)')).toBe(true);
    expect(allowed('MIT AND GPL-3.0-only')).toBe(false);
    expect(allowed('AGPL-3.0-only')).toBe(false);
    expect(allowed('')).toBe(false);
  });

  it('every production dependency declares a licence the policy allows, or is a written exception', () => {
    const list = productionLicences() as Array<{ name: string; version: string; license: string }>;
    expect(list.length).toBeGreaterThan(50);
    const bad = list.filter((p) => (!p.license || !allowed(p.license)) && !EXCEPTIONS.has(p.name)).map((p) => `${p.name}@${p.version} (${p.license || 'none'})`);
    expect(bad).toEqual([]);
  }, 60_000);
});
