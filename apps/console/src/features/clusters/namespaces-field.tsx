'use client';

/** The namespaces a plan, push or import covers: typed, comma- or space-separated (the picker's namespace first). */
export function NamespacesField({ id, value, onChange, error, hint }: { id: string; value: string; onChange: (v: string) => void; error?: string | undefined; hint: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>Namespaces</label>
      <input
        id={id} value={value} onChange={(e) => onChange(e.target.value)} autoComplete="off" spellCheck={false} placeholder="e.g. shop, staging"
        aria-invalid={error ? true : undefined} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
      />
      <span id={`${id}-hint`} className="hint">{hint}</span>
      {error ? <span id={`${id}-error`} className="field-error">{error}</span> : null}
    </div>
  );
}
