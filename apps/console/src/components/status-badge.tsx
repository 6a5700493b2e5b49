import type { ConditionView, Tone } from '../features/resources/describe-status';
import { summarizeConditions } from '../features/resources/describe-status';

export function StatusBadge({ tone, children, title }: { tone: Tone; children: string; title?: string }) {
  return (
    <span className={`badge ${tone}`} {...(title ? { title } : {})}>
      {children}
    </span>
  );
}

/**
 * Conditions as badges; the ones that need attention also spell out their reason and message, so nobody has to
 * hover to learn why a listener is not programmed.
 */
export function ConditionList({ conditions, compact = false }: { conditions: ConditionView[]; compact?: boolean }) {
  if (conditions.length === 0) return <StatusBadge tone="neutral">No status yet</StatusBadge>;
  const shown = compact ? conditions.filter((c) => c.type !== 'Conflicted' || c.tone !== 'ok') : conditions;
  const problems = conditions.filter((c) => c.tone !== 'ok');
  return (
    <div className="stack">
      <div className="row">
        {shown.map((c) => (
          <StatusBadge key={c.type} tone={c.tone} title={`${c.type}=${c.status} (${c.reason})${c.message ? `: ${c.message}` : ''}`}>
            {c.label}
          </StatusBadge>
        ))}
      </div>
      {problems.map((c) => (
        <span key={c.type} className="condition-note">
          {c.label}{c.reason ? ` (${c.reason})` : ''}{c.message ? `: ${c.message}` : ''}
        </span>
      ))}
    </div>
  );
}

/** One badge for a set of conditions (lists with little room). */
export function ConditionSummary({ conditions }: { conditions: ConditionView[] }) {
  const s = summarizeConditions(conditions);
  return <StatusBadge tone={s.tone}>{s.text}</StatusBadge>;
}
