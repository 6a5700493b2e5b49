'use client';

import { useReferenceChecks } from './reference-checks';
import { STATUS_WORDS } from './reference-verdict';

/**
 * Before saving: the references that name something missing or unusable, all in one place next to the save
 * button. A warning, not a refusal: Kubernetes accepts references to objects created later, so saving stays
 * possible — but the consequence is said.
 */
export function ReferenceSummary() {
  const { enabled, checks } = useReferenceChecks();
  if (!enabled) return null;
  const problems = checks.filter((c) => c.status !== 'ok');
  if (problems.length === 0) return null;
  return (
    <div className="reference-summary" role="note" aria-label="Reference warnings">
      <strong>{problems.length === 1 ? '1 reference needs attention' : `${problems.length} references need attention`}</strong>
      <span className="muted"> — you can still save: Kubernetes accepts references to objects made later, but until then:</span>
      <ul>
        {problems.map((c) => (
          <li key={`${c.field}:${c.message}`}><code>{c.field}</code> — {STATUS_WORDS[c.status]}: {c.message}</li>
        ))}
      </ul>
    </div>
  );
}
