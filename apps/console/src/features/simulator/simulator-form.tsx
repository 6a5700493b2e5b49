'use client';

import { useId, useState, type FormEvent } from 'react';
import { HTTP_METHODS, SimulateRequestSchema, type SimulateRequest } from '@gatehouse/domain/simulator/simulate-request.schema';
import type { ListenerOption } from '../../server/services/simulator/describe-simulation';
import { zodPathErrors } from '../examples/zod-paths';

export interface SimulatorFormValues {
  port: string;
  method: string;
  host: string;
  path: string;
  headers: { name: string; value: string }[];
  query: { name: string; value: string }[];
  draft: string;
}

const PORT_HINT = 'the Gateway listener the client connects to';
const HOST_HINT = 'the Host header the client sends';

function toRequest(v: SimulatorFormValues, namespace: string | undefined): unknown {
  const rows = (list: { name: string; value: string }[]) => list.filter((r) => r.name.trim() !== '' || r.value !== '').map((r) => ({ name: r.name.trim(), value: r.value }));
  return {
    port: v.port.trim() === '' ? undefined : Number(v.port),
    method: v.method,
    host: v.host.trim(),
    path: v.path.trim(),
    headers: rows(v.headers),
    query: rows(v.query),
    ...(v.draft.trim() !== '' ? { draft: v.draft } : {}),
    ...(namespace ? { namespace } : {}),
  };
}

function Rows({ legend, noun, rows, errors, prefix, onChange }: {
  legend: string; noun: string; rows: { name: string; value: string }[]; errors: Record<string, string>; prefix: 'headers' | 'query';
  onChange: (rows: { name: string; value: string }[]) => void;
}) {
  const id = useId();
  const set = (i: number, patch: Partial<{ name: string; value: string }>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="sim-rows">
      <legend>{legend}</legend>
      {rows.length === 0 ? <p className="muted">None.</p> : null}
      {rows.map((r, i) => {
        const nameErr = errors[`${prefix}.${i}.name`];
        const valueErr = errors[`${prefix}.${i}.value`];
        return (
          <div className="sim-row" key={i}>
            <div className="field">
              <label htmlFor={`${id}-${i}-name`}>{noun} {i + 1} name</label>
              <input id={`${id}-${i}-name`} value={r.name} onChange={(e) => set(i, { name: e.target.value })} autoComplete="off"
                aria-invalid={nameErr ? true : undefined} aria-describedby={nameErr ? `${id}-${i}-name-err` : undefined} />
              {nameErr ? <span id={`${id}-${i}-name-err`} className="field-error">{nameErr}</span> : null}
            </div>
            <div className="field">
              <label htmlFor={`${id}-${i}-value`}>{noun} {i + 1} value</label>
              <input id={`${id}-${i}-value`} value={r.value} onChange={(e) => set(i, { value: e.target.value })} autoComplete="off"
                aria-invalid={valueErr ? true : undefined} aria-describedby={valueErr ? `${id}-${i}-value-err` : undefined} />
              {valueErr ? <span id={`${id}-${i}-value-err`} className="field-error">{valueErr}</span> : null}
            </div>
            <button type="button" className="button small" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove ${noun.toLowerCase()} ${i + 1}`}>Remove</button>
          </div>
        );
      })}
      <button type="button" className="button small" onClick={() => onChange([...rows, { name: '', value: '' }])}>Add {noun.toLowerCase()}</button>
    </fieldset>
  );
}

/**
 * The request to simulate, checked with the API's own schema (SimulateRequestSchema) before it is sent; the
 * server's field errors (a bad draft: `draft[1].spec…`) come back through `serverErrors`.
 */
export function SimulatorForm({ initial, listeners, hosts, namespace, serverErrors, busy, onSubmit }: {
  initial: SimulatorFormValues;
  listeners: ListenerOption[];
  hosts: Record<string, string[]>;
  namespace: string | undefined;
  serverErrors: Record<string, string>;
  busy: boolean;
  onSubmit: (request: SimulateRequest, values: SimulatorFormValues) => void;
}) {
  const id = useId();
  const [v, setV] = useState<SimulatorFormValues>(initial);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const errors = { ...serverErrors, ...clientErrors };
  const draftErrors = Object.entries(serverErrors).filter(([k]) => k.startsWith('draft'));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = SimulateRequestSchema.safeParse(toRequest(v, namespace));
    if (!parsed.success) {
      setClientErrors(zodPathErrors(parsed.error));
      return;
    }
    setClientErrors({});
    onSubmit(parsed.data, v);
  };
  const ports = [...new Map(listeners.map((l) => [l.port, l])).values()].sort((a, b) => a.port - b.port);
  const portKnown = ports.some((l) => String(l.port) === v.port);
  // aria-describedby only where a note is drawn (an error or a hint): pointing at a missing id is an ARIA error.
  const field = (name: string, hint?: string) => ({
    id: `${id}-${name}`, 'aria-invalid': errors[name] ? true : undefined, 'aria-describedby': errors[name] || hint ? `${id}-${name}-note` : undefined,
  });
  const draftHint = `Objects with the same kind, namespace and name replace the stored ones; others are added${namespace ? ` (namespace ${namespace} when they name none)` : ''}.`;
  const note = (name: string, hint?: string) =>
    errors[name] ? <span id={`${id}-${name}-note`} className="field-error">{errors[name]}</span> : hint ? <span id={`${id}-${name}-note`} className="hint">{hint}</span> : null;
  return (
    <form onSubmit={submit} noValidate aria-label="Request to simulate" className="card">
      <div className="sim-grid">
        <div className="field">
          <label htmlFor={`${id}-port`}>Listener port</label>
          <select {...field('port', PORT_HINT)} value={portKnown ? v.port : ''} onChange={(e) => setV({ ...v, port: e.target.value })}>
            <option value="">{ports.length === 0 ? 'No listeners yet' : 'Choose a port'}</option>
            {ports.map((l) => (
              <option key={l.port} value={String(l.port)}>
                {l.port} · {listeners.filter((x) => x.port === l.port).map((x) => `${x.gateway}/${x.listener}`).join(', ')}
              </option>
            ))}
          </select>
          {note('port', PORT_HINT)}
        </div>
        <div className="field">
          <label htmlFor={`${id}-method`}>Method</label>
          <select {...field('method')} value={v.method} onChange={(e) => setV({ ...v, method: e.target.value })}>
            {HTTP_METHODS.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
          {note('method')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-host`}>Host</label>
          <input {...field('host', HOST_HINT)} value={v.host} onChange={(e) => setV({ ...v, host: e.target.value })} list={`${id}-hosts`} autoComplete="off" placeholder="foo.example.com" />
          <datalist id={`${id}-hosts`}>{(hosts[v.port] ?? Object.values(hosts).flat()).map((h) => <option key={h} value={h} />)}</datalist>
          {note('host', HOST_HINT)}
        </div>
        <div className="field">
          <label htmlFor={`${id}-path`}>Path</label>
          <input {...field('path')} value={v.path} onChange={(e) => setV({ ...v, path: e.target.value })} autoComplete="off" placeholder="/headers" />
          {note('path')}
        </div>
      </div>
      <div className="sim-columns">
        <Rows legend="Headers" noun="Header" prefix="headers" rows={v.headers} errors={errors} onChange={(headers) => setV({ ...v, headers })} />
        <Rows legend="Query parameters" noun="Parameter" prefix="query" rows={v.query} errors={errors} onChange={(query) => setV({ ...v, query })} />
      </div>
      <details className="sim-draft" open={v.draft !== '' || draftErrors.length > 0}>
        <summary>Try a draft: manifests laid over the current configuration (not saved)</summary>
        <div className="field">
          <label htmlFor={`${id}-draft`}>Draft manifests (YAML or JSON)</label>
          <textarea {...field('draft', draftHint)} rows={10} spellCheck={false} className="mono" value={v.draft} onChange={(e) => setV({ ...v, draft: e.target.value })}
            placeholder={'apiVersion: gateway.flomesh.io/v1alpha1\nkind: UpstreamTLSPolicy\n…'} />
          {note('draft', draftHint)}
          {draftErrors.filter(([k]) => k !== 'draft').length > 0 ? (
            <ul className="field-error sim-draft-errors">
              {draftErrors.filter(([k]) => k !== 'draft').map(([k, m]) => <li key={k}><code>{k.replace(/^draft\.(\d+)\.?/, (_m, n: string) => `document ${Number(n) + 1} `)}</code>: {m}</li>)}
            </ul>
          ) : null}
        </div>
      </details>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>{busy ? 'Simulating…' : 'Simulate'}</button>
        {Object.keys(clientErrors).length > 0 ? <span className="field-error" role="alert">Check the highlighted fields.</span> : null}
      </div>
    </form>
  );
}
