import { describe, expect, it } from 'vitest';
import { visibleToasts, type Toast } from './toast-queue';

const t = (id: number, tone: Toast['tone']): Toast => ({ id, tone, text: `t${id}` });

describe('visibleToasts', () => {
  it('shows at most two, the newest, and counts the rest', () => {
    expect(visibleToasts([t(1, 'ok'), t(2, 'ok'), t(3, 'info'), t(4, 'ok')])).toEqual({ shown: [t(3, 'info'), t(4, 'ok')], waiting: 2 });
  });
  it('keeps an error on screen before newer successes', () => {
    expect(visibleToasts([t(1, 'bad'), t(2, 'ok'), t(3, 'ok')])).toEqual({ shown: [t(1, 'bad'), t(3, 'ok')], waiting: 1 });
    expect(visibleToasts([t(1, 'bad'), t(2, 'bad'), t(3, 'ok')]).shown.map((x) => x.id)).toEqual([1, 2]);
  });
});
