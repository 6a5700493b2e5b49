'use client';

/** "Page n · k shown" and the buttons to move; Previous/First only when there is somewhere to go. */
export function Pager({ pageNumber, shown, hasNext, onNext, onPrevious, onFirst, noun }: {
  pageNumber: number;
  shown: number;
  hasNext: boolean;
  onNext: () => void;
  onPrevious: () => void;
  onFirst: () => void;
  noun: string;
}) {
  if (pageNumber === 1 && !hasNext) return null;
  return (
    <nav className="pager" aria-label={`Pages of ${noun}`}>
      <span className="muted">Page {pageNumber} · {shown} {noun} shown</span>
      {pageNumber > 2 && <button type="button" className="button small" onClick={onFirst}>First page</button>}
      {pageNumber > 1 && <button type="button" className="button small" onClick={onPrevious}>Previous page</button>}
      {hasNext && <button type="button" className="button small" onClick={onNext}>Next page</button>}
    </nav>
  );
}
