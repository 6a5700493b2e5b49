'use client';

/** Back and Next under every step; Next submits the step's form (its schema decides whether to move on). */
export function StepActions({ onBack, nextLabel = 'Next', busy = false }: { onBack?: (() => void) | undefined; nextLabel?: string; busy?: boolean }) {
  return (
    <div className="form-actions wizard-actions">
      {onBack ? <button type="button" className="button" onClick={onBack}>Back</button> : null}
      <button type="submit" className="button primary" disabled={busy}>{nextLabel}</button>
    </div>
  );
}

/** Server-reported problems for this step (from a preview or a create), above its fields. */
export function StepProblems({ problems }: { problems: readonly { path: string; message: string }[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="alert" role="alert">
      {problems.length === 1 ? problems[0]?.message : <ul className="plain-list">{problems.map((p) => <li key={`${p.path}:${p.message}`}>{p.message}</li>)}</ul>}
    </div>
  );
}

/** A field's message under its input; the input points at it with aria-describedby. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? <span id={id} className="field-error">{message}</span> : null;
}
