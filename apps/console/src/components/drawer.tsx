'use client';

import type { ReactNode } from 'react';
import { useModalDialog } from './use-modal-dialog';
import './drawer.css';

/** A panel that slides over the right side of the page, on the native modal <dialog> (useModalDialog). */
export function Drawer({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  const { ref, titleId } = useModalDialog(open);
  return (
    <dialog
      ref={ref}
      className="drawer"
      aria-labelledby={titleId}
      onClose={onClose}
      // A click on the backdrop lands on the <dialog> itself (its content box is the panel's children).
      onClick={(e) => { if (e.target === e.currentTarget) onClose(); }}
    >
      <div className="drawer-body">
        <div className="drawer-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>×</button>
        </div>
        {open ? children : null}
      </div>
    </dialog>
  );
}
