/**
 * What an object's page, its edit form and a new-object form show while their code and the object load (Next.js
 * renders it at once on navigation), so no form opens on a blank area. Only here: React holds a page back ~300 ms
 * after a loading fallback shows, which made sidebar navigation between lists (whose own tables say "Loading…")
 * measurably slower when this file sat at the top of the console (npm run bench:pages).
 */
export default function Loading() {
  return (
    <div className="page-loading" role="status" aria-live="polite">
      <span className="page-loading-bar" aria-hidden="true" />
      <span>Loading…</span>
    </div>
  );
}
