import { RelativeTime } from '../../components/relative-time';
import { asNum, asObj, asStr, at } from './read-object';
import { NameCell, type Column } from './resource-table';

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KiB`;
}

/** Secret values never reach the browser: the API serves only each key's size (dataInfo). */
export const SECRET_COLUMNS: Column[] = [
  { header: 'Secret', cell: (o) => <NameCell obj={o} /> },
  { header: 'Type', cell: (o) => asStr(at(o, 'type')) ?? 'Opaque' },
  {
    header: 'Keys',
    cell: (o) => {
      const info = asObj(at(o, 'dataInfo')) ?? {};
      const keys = Object.keys(info).sort();
      if (keys.length === 0) return <span className="muted">no data</span>;
      return (
        <div className="row">
          {keys.map((k) => <span key={k} className="pill mono">{k} · {formatBytes(asNum(asObj(info[k])?.bytes) ?? 0)}</span>)}
        </div>
      );
    },
  },
  { header: 'Created', cell: (o) => <RelativeTime iso={o.metadata.creationTimestamp} /> },
];
