'use client';

import type { AuditEvent } from '../../server/audit/audit-event';
import { Drawer } from '../../components/drawer';
import { HistoryLink } from '../../components/history-link';
import { RelativeTime } from '../../components/relative-time';
import { AuditDiff } from './audit-diff';
import { describeAuditAction, describeAuditObject, describeUserAgent } from './describe-audit';

// Kinds whose events name an object that has a history worth following (accounts and exports do not).
const OBJECT_KINDS = new Set(['Gateway', 'ListenerSet', 'HTTPRoute', 'TLSRoute', 'Service', 'EndpointSlice', 'UpstreamTLSPolicy', 'BackendTLSPolicy', 'Secret', 'ConfigMap', 'ReferenceGrant', 'GatewayClass', 'Namespace']);

/** One event in full: who, when, from where, what, and the before/after side by side. */
export function AuditEventDrawer({ event, onClose }: { event: AuditEvent | undefined; onClose: () => void }) {
  const e = event;
  const title = e ? `Event #${e.id}` : 'Event';
  return (
    <Drawer open={e !== undefined} title={title} onClose={onClose}>
      {e ? (
        <>
          <p style={{ marginTop: 0 }}>
            <strong>{e.actor.name}</strong> {describeAuditAction(e.action)} <strong>{describeAuditObject(e)}</strong>
            {e.message && e.message !== e.action ? <span className="sub">{e.message}</span> : null}
          </p>
          <dl className="facts audit-facts">
            <div><dt>When</dt><dd><RelativeTime iso={e.time} /><span className="sub mono">{e.time}</span></dd></div>
            <div><dt>Who</dt><dd>{e.actor.name}<span className="sub">{e.actor.type === 'token' ? 'API token' : e.actor.type} · role {e.actor.role}</span></dd></div>
            <div><dt>From</dt><dd><span className="mono">{e.sourceIp || '—'}</span><span className="sub" title={e.userAgent}>{describeUserAgent(e.userAgent) || 'unknown client'}</span></dd></div>
            <div><dt>Request</dt><dd className="mono">{e.requestId || '—'}</dd></div>
            <div><dt>Object</dt><dd>{e.kind}{e.group ? <span className="sub">{e.group}</span> : null}{e.name && OBJECT_KINDS.has(e.kind) ? <span className="sub"><HistoryLink kind={e.kind} namespace={e.namespace} name={e.name} label="All changes of this object" /></span> : null}</dd></div>
            <div><dt>Chain hash</dt><dd className="mono" title={`previous: ${e.prevHash}`}>{e.hash.slice(0, 16)}…</dd></div>
          </dl>
          {e.before || e.after ? (
            <AuditDiff kind={e.kind} before={e.before} after={e.after} />
          ) : (
            <p className="muted">This event records an action, not a change to an object, so there is nothing to compare.</p>
          )}
        </>
      ) : null}
    </Drawer>
  );
}
