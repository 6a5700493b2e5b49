import { diffLines } from 'diff';
import './line-diff.css';

/**
 * A line diff of two texts (YAML), like `diff -u` without the headers: removed lines marked "−", added lines
 * "+", and unchanged context. Marks are text and <del>/<ins>, so the difference does not depend on colour.
 */
export function LineDiff({ before, after, beforeLabel, afterLabel }: { before: string; after: string; beforeLabel: string; afterLabel: string }) {
  const parts = diffLines(before, after);
  const changed = parts.some((p) => p.added || p.removed);
  return (
    <figure className="line-diff">
      <figcaption>
        <span className="diff-legend removed">− {beforeLabel}</span> <span className="diff-legend added">+ {afterLabel}</span>
      </figcaption>
      {changed ? null : <p className="muted">No difference.</p>}
      <pre>
        {parts.flatMap((p, i) => {
          const lines = p.value.replace(/\n$/, '').split('\n');
          return lines.map((line, j) => {
            const key = `${i}-${j}`;
            if (p.added) return <ins key={key} className="diff-line added">{`+ ${line}`}{'\n'}</ins>;
            if (p.removed) return <del key={key} className="diff-line removed">{`− ${line}`}{'\n'}</del>;
            return <span key={key} className="diff-line">{`  ${line}`}{'\n'}</span>;
          });
        })}
      </pre>
    </figure>
  );
}
