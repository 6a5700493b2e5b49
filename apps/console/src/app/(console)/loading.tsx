/**
 * What every console page shows while its code and first data load (Next.js renders it at once on navigation), so
 * no page or form opens on a blank area.
 */
export default function Loading() {
  return (
    <div className="page-loading" role="status" aria-live="polite">
      <span className="page-loading-bar" aria-hidden="true" />
      <span>Loading…</span>
    </div>
  );
}
