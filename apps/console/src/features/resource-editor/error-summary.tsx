'use client';

import { forwardRef } from 'react';
import { displayPath, type FlatError } from './error-paths';
import type { ServerProblem } from './server-errors';

/**
 * The problems of the last check or save, all in one place at the top of the form (each also shows beside its
 * field): a click moves the focus to the field. Problems no field holds (server checks about the whole object)
 * are listed as well.
 */
export const ErrorSummary = forwardRef<HTMLDivElement, { errors: FlatError[]; unplaced: ServerProblem[]; onPick: (path: string) => void }>(
  function ErrorSummary({ errors, unplaced, onPick }, ref) {
    const total = errors.length + unplaced.length;
    if (total === 0) return null;
    return (
      <div ref={ref} className="error-summary" role="alert" tabIndex={-1}>
        <strong>{total === 1 ? 'There is 1 problem' : `There are ${total} problems`}</strong>
        <ul>
          {errors.map((e) => (
            <li key={e.path}>
              {e.path.startsWith('root.') ? (
                e.message
              ) : (
                <button type="button" className="link-button" onClick={() => onPick(e.path)}>
                  <code>{displayPath(e.path)}</code>: {e.message}
                </button>
              )}
            </li>
          ))}
          {unplaced.map((p) => (
            <li key={`${p.path}:${p.message}`}><code>{p.path}</code>: {p.message}</li>
          ))}
        </ul>
      </div>
    );
  },
);
