'use client';

import { useEffect, useState } from 'react';
import './progress-note.css';

/**
 * A long operation in progress (key generation, signing, export): an indeterminate progress bar, what is
 * happening in words, and the seconds it has taken so far — the server cannot report a percentage for key
 * generation, so the elapsed time is the honest measure.
 */
export function ProgressNote({ label }: { label: string }) {
  const [started] = useState(() => Date.now());
  const [now, setNow] = useState(started);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.floor((now - started) / 1000);
  return (
    <div className="progress-note" role="status">
      <progress aria-label={label} />
      <span>{label}{seconds >= 1 ? ` (${seconds} s)` : ''}</span>
    </div>
  );
}
