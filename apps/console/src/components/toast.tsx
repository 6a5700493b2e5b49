'use client';

import { useSyncExternalStore } from 'react';
import './toast.css';

/**
 * Toasts: short results of an action ("Certificate renewed"), announced to screen readers. The store lives in
 * the module, so a toast raised just before a client-side navigation is still shown on the next page. The console
 * shell renders the one <Toaster />; anything may call `toast.success(...)`.
 */
export type ToastTone = 'ok' | 'bad' | 'info';
export interface Toast {
  id: number;
  tone: ToastTone;
  text: string;
}

const LIFETIME_MS: Record<ToastTone, number> = { ok: 6000, info: 6000, bad: 12_000 };
let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit(next: readonly Toast[]): void {
  toasts = next;
  for (const l of listeners) l();
}

export function dismissToast(id: number): void {
  emit(toasts.filter((t) => t.id !== id));
}

function push(tone: ToastTone, text: string): void {
  const id = nextId++;
  emit([...toasts.slice(-3), { id, tone, text }]);
  setTimeout(() => dismissToast(id), LIFETIME_MS[tone]);
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
  const shown = useSyncExternalStore(subscribe, () => toasts, () => EMPTY);
  return (
    // Two live regions: errors interrupt (alert), everything else waits its turn (status).
    <div className="toaster">
      <div role="status" aria-live="polite" className="toast-stack">
        {shown.filter((t) => t.tone !== 'bad').map((t) => <ToastItem key={t.id} toast={t} />)}
      </div>
      <div role="alert" aria-live="assertive" className="toast-stack">
        {shown.filter((t) => t.tone === 'bad').map((t) => <ToastItem key={t.id} toast={t} />)}
      </div>
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
