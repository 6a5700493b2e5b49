export type ToastTone = 'ok' | 'bad' | 'info';
export interface Toast {
  id: number;
  tone: ToastTone;
  text: string;
}

export const MAX_VISIBLE = 2;

/** The toasts shown (the newest MAX_VISIBLE, errors kept before others) and how many wait. Pure. */
export function visibleToasts(all: readonly Toast[], max = MAX_VISIBLE): { shown: Toast[]; waiting: number } {
  const errors = all.filter((t) => t.tone === 'bad');
  const rest = all.filter((t) => t.tone !== 'bad');
  const room = max - Math.min(errors.length, max);
  // slice(-0) would be everything: an empty room takes none.
  const shown = [...errors.slice(-max), ...(room > 0 ? rest.slice(-room) : [])];
  return { shown: all.filter((t) => shown.includes(t)), waiting: all.length - shown.length };
}
