'use client';

import { useEffect, useId, useRef } from 'react';

/**
 * Drives a native modal <dialog> from React state: `open` is the source of truth (showModal/close follow it); the
 * browser traps focus, Escape closes it and focus returns to the opener. Shared by Dialog and Drawer.
 * @see https://html.spec.whatwg.org/multipage/interactive-elements.html#the-dialog-element
 */
export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  return { ref, titleId };
}
