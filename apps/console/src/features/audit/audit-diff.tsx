import { stringify } from 'yaml';
import { maskSecretValues } from './mask-secret-values';
import { sideBySide, type DiffRow } from './side-by-side';
import './audit-review.css';

function toYaml(obj: unknown): string {
  return obj === null || obj === undefined ? '' : stringify(obj, { lineWidth: 0 });
}

const MARK: Record<DiffRow['kind'], [string, string]> = {
  same: [' ', ' '], changed: ['−', '+'], removed: ['−', ' '], added: [' ', '+'],
};

/**
 * Before and after of an event as YAML, side by side, changed lines marked by sign and colour (the sign alone
 * carries the meaning). Secret values appear only as "(value changed)" / "(value unchanged)".
 */
export function AuditDiff({ kind, before, after }: { kind: string; before: unknown; after: unknown }) {
  const masked = maskSecretValues(kind, before, after);
  const rows = sideBySide(toYaml(masked.before), toYaml(masked.after));
  const changes = rows.filter((r) => r.kind !== 'same').length;
  return (
    <figure className="audit-diff">
      <figcaption className="muted">
        {before && after ? `${changes} changed line${changes === 1 ? '' : 's'}` : before ? 'The object as it was before it was deleted' : 'The object as it was created'}
      </figcaption>
      <table>
        <caption className="visually-hidden">Before and after, as YAML; − marks a removed or replaced line, + an added or new one</caption>
        <colgroup><col className="num" /><col /><col className="num" /><col /></colgroup>
        <thead>
          <tr><th scope="col" colSpan={2}>Before</th><th scope="col" colSpan={2}>After</th></tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className={r.kind}>
              <td className="num">{r.left?.line ?? ''}</td>
              <td className={`code ${r.left && r.kind !== 'same' ? 'del' : ''} ${r.left ? '' : 'blank'}`}>{r.left ? `${MARK[r.kind][0]} ${r.left.text}` : ''}</td>
              <td className="num">{r.right?.line ?? ''}</td>
              <td className={`code ${r.right && r.kind !== 'same' ? 'ins' : ''} ${r.right ? '' : 'blank'}`}>{r.right ? `${MARK[r.kind][1]} ${r.right.text}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
