'use client';

import { useEffect, useRef, useSyncExternalStore } from 'react';
import './toast.css';
import { visibleToasts, type Toast, type ToastTone } from './toast-queue';

/**
 * Toasts: short results of an action ("Certificate renewed"), announced to screen readers. The store lives in
 * the module, so a toast raised just before a client-side navigation is still shown on the next page. The console
 * shell renders the one <Toaster />; anything may call `toast.success(...)`.
 *
 * They never pile up over the page: at most MAX_VISIBLE are shown (the newest; the rest wait behind "N more"), they
 * stop counting down while the pointer or focus is on them, and the page reserves room below its content for them
 * (`--toaster-space`), so an action at the bottom of a page can always be scrolled clear of them.
 */
export type { Toast, ToastTone } from './toast-queue';
const LIFETIME_MS: Record<ToastTone, number> = { ok: 6000, info: 6000, bad: 12_000 };
let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const timers = new Map<number, { timer: ReturnType<typeof setTimeout> | null; remaining: number; startedAt: number }>();
let paused = false;

function emit(next: readonly Toast[]): void {
  toasts = next;
  for (const l of listeners) l();
}

export function dismissToast(id: number): void {
  const t = timers.get(id);
  if (t?.timer) clearTimeout(t.timer);
  timers.delete(id);
  emit(toasts.filter((x) => x.id !== id));
}

function arm(id: number, ms: number): void {
  timers.set(id, { timer: paused ? null : setTimeout(() => dismissToast(id), ms), remaining: ms, startedAt: Date.now() });
}

/** Stops every countdown (pointer or focus on the toasts) or starts them again with the time they had left. */
export function pauseToasts(pause: boolean): void {
  if (pause === paused) return;
  paused = pause;
  for (const [id, t] of timers) {
    if (pause && t.timer) {
      clearTimeout(t.timer);
      timers.set(id, { timer: null, remaining: Math.max(1000, t.remaining - (Date.now() - t.startedAt)), startedAt: Date.now() });
    } else if (!pause) {
      arm(id, t.remaining);
    }
  }
}

function push(tone: ToastTone, text: string): void {
  const id = nextId++;
  // At most 20 kept (the oldest go), of which MAX_VISIBLE are shown.
  const kept = toasts.slice(-19);
  for (const dropped of toasts.slice(0, toasts.length - kept.length)) dismissToast(dropped.id);
  emit([...kept, { id, tone, text }]);
  arm(id, LIFETIME_MS[tone]);
}

export const toast = {
  success: (text: string) => push('ok', text),
  error: (text: string) => push('bad', text),
  info: (text: string) => push('info', text),
};

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const EMPTY: readonly Toast[] = [];

export function Toaster() {
  const all = useSyncExternalStore(subscribe, () => toasts, () => EMPTY);
  const { shown, waiting } = visibleToasts(all);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Room below the page's content, as tall as the toasts, so nothing at the bottom is ever stuck under them.
    const h = ref.current && shown.length > 0 ? ref.current.getBoundingClientRect().height + 28 : 0;
    document.documentElement.style.setProperty('--toaster-space', `${Math.round(h)}px`);
  });
  return (
    // Two live regions: errors interrupt (alert), everything else waits its turn (status).
    <div
      ref={ref} className="toaster"
      onMouseEnter={() => pauseToasts(true)} onMouseLeave={() => pauseToasts(false)}
      onFocus={() => pauseToasts(true)} onBlur={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) pauseToasts(false); }}
    >
      <div role="status" aria-live="polite" className="toast-stack">
        {shown.filter((t) => t.tone !== 'bad').map((t) => <ToastItem key={t.id} toast={t} />)}
      </div>
      <div role="alert" aria-live="assertive" className="toast-stack">
        {shown.filter((t) => t.tone === 'bad').map((t) => <ToastItem key={t.id} toast={t} />)}
      </div>
      {waiting > 0 ? (
        <button type="button" className="toast-more" onClick={() => { for (const t of all.filter((x) => !shown.includes(x))) dismissToast(t.id); }}>
          {waiting} more — dismiss
        </button>
      ) : null}
    </div>
  );
}

function ToastItem({ toast: t }: { toast: Toast }) {
  return (
    <div className={`toast ${t.tone}`}>
      <span>{t.text}</span>
      <button type="button" className="toast-close" aria-label="Dismiss notification" onClick={() => dismissToast(t.id)}>×</button>
    </div>
  );
}
