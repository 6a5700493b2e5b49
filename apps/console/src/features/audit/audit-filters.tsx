'use client';

import { ACTIONS } from './audit-actions';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useId, type FormEvent } from 'react';

/** The filters the audit query takes besides namespace (the namespace picker sets that one). */
export const AUDIT_FILTERS = ['actor', 'action', 'kind', 'name', 'since', 'until'] as const;

const KINDS = ['Gateway', 'ListenerSet', 'HTTPRoute', 'TLSRoute', 'Service', 'EndpointSlice', 'UpstreamTLSPolicy', 'BackendTLSPolicy', 'Secret', 'ConfigMap', 'ReferenceGrant', 'GatewayClass', 'Namespace', 'Certificate', 'User', 'ApiToken', 'AuditEvent', 'Cluster', 'NotificationChannel'];

/** ISO time → the value a datetime-local input shows (local time, minutes). */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Filters as a plain GET-style form whose values land in the URL, so a filtered view can be shared. */
export function AuditFilters() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const id = useId();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const q = new URLSearchParams();
    const ns = params.get('namespace');
    if (ns) q.set('namespace', ns);
    for (const key of AUDIT_FILTERS) {
      const v = String(form.get(key) ?? '').trim();
      if (!v) continue;
      q.set(key, key === 'since' || key === 'until' ? new Date(v).toISOString() : v);
    }
    const s = q.toString();
    router.push(s ? `${pathname}?${s}` : pathname);
  };
  const clear = () => {
    const ns = params.get('namespace');
    router.push(ns ? `${pathname}?namespace=${encodeURIComponent(ns)}` : pathname);
  };
  const active = AUDIT_FILTERS.some((k) => params.get(k));
  // key: the form re-mounts with the URL's values when the URL changes (back/forward, clear).
  return (
    <form key={params.toString()} className="card filters" onSubmit={submit} aria-label="Audit log filters">
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-actor`}>Actor</label>
          <input id={`${id}-actor`} name="actor" defaultValue={params.get('actor') ?? ''} placeholder="user or token name" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-action`}>Action</label>
          <select id={`${id}-action`} name="action" defaultValue={params.get('action') ?? ''}>
            <option value="">Any action</option>
            {ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} name="kind" defaultValue={params.get('kind') ?? ''}>
            <option value="">Any kind</option>
            {KINDS.map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Object name</label>
          <input id={`${id}-name`} name="name" defaultValue={params.get('name') ?? ''} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-since`}>From</label>
          <input id={`${id}-since`} name="since" type="datetime-local" defaultValue={toLocalInput(params.get('since'))} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-until`}>Until</label>
          <input id={`${id}-until`} name="until" type="datetime-local" defaultValue={toLocalInput(params.get('until'))} />
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button primary">Apply filters</button>
        {active && <button type="button" className="button" onClick={clear}>Clear filters</button>}
      </div>
    </form>
  );
}
