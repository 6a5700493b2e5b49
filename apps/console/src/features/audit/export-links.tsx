'use client';

import { useState } from 'react';

/**
 * Downloads of the filtered log. Plain links: the browser streams the file to disk with its own progress, and the
 * session cookie authenticates the GET (no CSRF token needed for a read).
 */
export function ExportLinks({ filters }: { filters: Record<string, string> }) {
  const [started, setStarted] = useState<string>();
  const href = (format: 'csv' | 'jsonl') => `/api/v1/audit-events/export?${new URLSearchParams({ format, ...filters }).toString()}`;
  const described = Object.keys(filters).length ? 'the events that match the filters' : 'every event';
  return (
    <div className="row" style={{ gap: 8, alignItems: 'center' }}>
      <span className="muted">Download {described}:</span>
      <a className="button" href={href('csv')} download onClick={() => setStarted('CSV')}>CSV</a>
      <a className="button" href={href('jsonl')} download onClick={() => setStarted('JSON Lines')}>JSON Lines</a>
      <span role="status" className="muted">{started ? `${started} download started; your browser shows its progress. The export is recorded in this log.` : ''}</span>
    </div>
  );
}
