import { describe, expect, it } from 'vitest';
import type { ServiceBackend } from '@gatehouse/compiler/routing-table/routing-table';
import { BackendPicker } from './backend-picker';
import { OutlierDetector } from './outlier-detector';

const ep = (port: number) => ({ address: '127.0.0.1', port });

describe('passive outlier detection', () => {
  it('ejects for 5 s, doubling per consecutive ejection up to 60 s, and forgets on success', () => {
    let now = 0;
    const d = new OutlierDetector(() => now);
    expect(d.active).toBe(false);
    d.failed(ep(1));
    expect(d.isEjected(ep(1))).toBe(true);
    now = 5_001;
    expect(d.isEjected(ep(1))).toBe(false);
    d.failed(ep(1));
    now += 9_999;
    expect(d.isEjected(ep(1))).toBe(true);
    for (let i = 0; i < 10; i++) d.failed(ep(1));
    expect(d.describe()[0]?.ejectedForMs).toBe(60_000);
    d.succeeded(ep(1));
    expect(d.active).toBe(false);
  });

  it('the round robin skips ejected endpoints, and uses them all when all are ejected', () => {
    const picker = new BackendPicker();
    const backend = { endpoints: [ep(1), ep(2), ep(3)] } as unknown as ServiceBackend;
    picker.outliers.failed(ep(2));
    const picks = Array.from({ length: 6 }, () => picker.pickEndpoint(backend)?.port);
    expect(picks).not.toContain(2);
    expect(new Set(picks)).toEqual(new Set([1, 3]));
    picker.outliers.failed(ep(1));
    picker.outliers.failed(ep(3));
    expect(picker.pickEndpoint(backend)).toBeDefined();
  });
});
