import type { KubeObject } from '@gatehouse/domain/object/meta';
import { ConditionList } from '../../components/status-badge';
import { RelativeTime } from '../../components/relative-time';
import { describeConditions } from './describe-status';
import { asArr, asNum, asObj, asStr, at } from './read-object';
import { NameCell, type Column } from './resource-table';

/** One listener with its own status (status.listeners[] of the same name). @see https://gateway-api.sigs.k8s.io/reference/spec/#listenerstatus */
function Listeners({ gw }: { gw: KubeObject }) {
  const statuses = asArr(at(gw, 'status', 'listeners'));
  const listeners = asArr(at(gw, 'spec', 'listeners'));
  if (listeners.length === 0) return <span className="muted">none</span>;
  return (
    <div className="stack">
      {listeners.map((l, i) => {
        const name = asStr(asObj(l)?.name) ?? `#${i}`;
        const st = statuses.find((s) => asObj(s)?.name === name);
        const attached = asNum(asObj(st)?.attachedRoutes);
        const hostname = asStr(asObj(l)?.hostname);
        return (
          <div key={name}>
            <span className="mono">{name}</span> · {asStr(asObj(l)?.protocol)} port {asNum(asObj(l)?.port)}
            {hostname ? <> · {hostname}</> : null}
            <span className="sub">{attached === undefined ? 'routes: unknown' : `${attached} route${attached === 1 ? '' : 's'} attached`}</span>
            {/* Only a listener's problems: the Status column already says Accepted/Programmed for the Gateway. */}
            <ListenerProblems conditions={asObj(st)?.conditions} />
          </div>
        );
      })}
    </div>
  );
}

function ListenerProblems({ conditions }: { conditions: unknown }) {
  const problems = describeConditions(conditions).filter((c) => c.tone !== 'ok');
  return problems.length > 0 ? <ConditionList conditions={problems} compact /> : null;
}

export const GATEWAY_COLUMNS: Column[] = [
  { header: 'Gateway', cell: (o) => <NameCell obj={o} extra={<>class {asStr(at(o, 'spec', 'gatewayClassName'))}</>} /> },
  { header: 'Listeners', cell: (o) => <Listeners gw={o} /> },
  { header: 'Status', cell: (o) => <ConditionList conditions={describeConditions(at(o, 'status', 'conditions'))} /> },
  { header: 'Created', cell: (o) => <RelativeTime iso={o.metadata.creationTimestamp} /> },
];
