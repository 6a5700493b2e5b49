'use client';

import type { ReactNode } from 'react';
import { useModalDialog } from './use-modal-dialog';
import './dialog.css';

/** A modal dialog on the native <dialog> element (useModalDialog); closing by Escape reports through onClose. */
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  const { ref, titleId } = useModalDialog(open);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClose}>
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>×</button>
      </div>
      {open ? children : null}
    </dialog>
  );
}
