import { ConditionList } from '../../components/status-badge';
import type { StatusSection } from './describe/describe-object-status';
import type { SpecSection } from './describe/spec-words';

/** Sections of sentences (describeSpec) as they are. */
export function SpecView({ sections }: { sections: SpecSection[] }) {
  return (
    <section className="card" aria-labelledby="spec-title">
      <h2 id="spec-title">Specification</h2>
      {sections.map((s) => (
        <div key={s.title} className="spec-section">
          <h3>{s.title}</h3>
          <ul className="spec-lines">
            {s.lines.map((l, i) => (
              <li key={i}>
                {l.text}
                {l.detail ? <span className="sub">{l.detail}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** Status groups (describeObjectStatus) with their conditions in words; or why there is none. */
export function StatusView({ sections, missing }: { sections: StatusSection[]; missing: string | undefined }) {
  return (
    <section className="card" aria-labelledby="status-title">
      <h2 id="status-title">Status</h2>
      {missing ? <p className="muted">{missing}</p> : null}
      {sections.map((s) => (
        <div key={s.title} className="status-section">
          <h3>{s.title}{s.note ? <span className="muted"> · {s.note}</span> : null}</h3>
          <ConditionList conditions={s.conditions} />
        </div>
      ))}
    </section>
  );
}
