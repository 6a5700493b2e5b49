import type { KubeObject } from '@gatehouse/domain/object/meta';
import { ConditionList } from '../../components/status-badge';
import { describeConditions } from './describe-status';
import { asArr, asNum, asObj, asStr, at } from './read-object';
import { NameCell, type Column } from './resource-table';

function certRef(v: unknown, ownNs: string | undefined): string {
  const o = asObj(v);
  const ns = asStr(o?.namespace);
  return `${asStr(o?.kind) ?? 'Secret'} ${ns && ns !== ownNs ? `${ns}/` : ''}${asStr(o?.name) ?? '?'}`;
}

/** FSM UpstreamTLSPolicy: per port the CA Secret and whether the gateway presents a client certificate (mTLS). */
function UpstreamPorts({ p }: { p: KubeObject }) {
  const ns = p.metadata.namespace;
  const def = asObj(at(p, 'spec', 'config'));
  return (
    <div className="stack">
      {asArr(at(p, 'spec', 'ports')).map((port, i) => {
        const cfg = asObj(asObj(port)?.config) ?? def;
        return (
          <span key={i}>
            Port {asNum(asObj(port)?.port)}: verify with {cfg ? certRef(cfg.certificateRef, ns) : 'no CA (no config)'}
            <span className="sub">{cfg?.mTLS === true ? 'mutual TLS: presents tls.crt' : 'server verification only'}{asObj(asObj(port)?.config) ? '' : ' · default config'}</span>
          </span>
        );
      })}
    </div>
  );
}

export const UPSTREAM_POLICY_COLUMNS: Column[] = [
  { header: 'Policy', cell: (o) => <NameCell obj={o} extra="UpstreamTLSPolicy" /> },
  { header: 'Target', cell: (o) => { const t = asObj(at(o, 'spec', 'targetRef')); const ns = asStr(t?.namespace); return `${asStr(t?.kind)} ${ns && ns !== o.metadata.namespace ? `${ns}/` : ''}${asStr(t?.name)}`; } },
  { header: 'Ports', cell: (o) => <UpstreamPorts p={o} /> },
  { header: 'Status', cell: (o) => <ConditionList conditions={describeConditions(at(o, 'status', 'conditions'))} /> },
];

/** Gateway API BackendTLSPolicy: status is per ancestor (each Gateway using the target). @see https://gateway-api.sigs.k8s.io/reference/spec/#policyancestorstatus */
function Ancestors({ p }: { p: KubeObject }) {
  const ancestors = asArr(at(p, 'status', 'ancestors'));
  if (ancestors.length === 0) return <ConditionList conditions={[]} />;
  return (
    <div className="stack">
      {ancestors.map((a, i) => {
        const ref = asObj(asObj(a)?.ancestorRef);
        return (
          <div key={i}>
            For {asStr(ref?.kind) ?? 'Gateway'} {asStr(ref?.namespace) && ref?.namespace !== p.metadata.namespace ? `${asStr(ref?.namespace)}/` : ''}{asStr(ref?.name)}
            <ConditionList conditions={describeConditions(asObj(a)?.conditions)} />
          </div>
        );
      })}
    </div>
  );
}

export const BACKEND_POLICY_COLUMNS: Column[] = [
  { header: 'Policy', cell: (o) => <NameCell obj={o} extra="BackendTLSPolicy" /> },
  {
    header: 'Targets',
    cell: (o) => (
      <div className="stack">
        {asArr(at(o, 'spec', 'targetRefs')).map((t, i) => (
          <span key={i}>{asStr(asObj(t)?.kind)} {asStr(asObj(t)?.name)}{asStr(asObj(t)?.sectionName) ? ` · port ${asStr(asObj(t)?.sectionName)}` : ''}</span>
        ))}
      </div>
    ),
  },
  {
    header: 'Validation',
    cell: (o) => {
      const v = asObj(at(o, 'spec', 'validation'));
      const cas = asArr(v?.caCertificateRefs).map((r) => certRef(r, o.metadata.namespace));
      return (
        <>
          {cas.length > 0 ? `CA from ${cas.join(', ')}` : asStr(v?.wellKnownCACertificates) === 'System' ? 'System trust store' : 'no CA'}
          <span className="sub">hostname {asStr(v?.hostname) ?? '?'}</span>
        </>
      );
    },
  },
  { header: 'Status', cell: (o) => <Ancestors p={o} /> },
];
