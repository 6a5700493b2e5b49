'use client';

import { CreateChannelSchema, UpdateChannelSchema, type Channel } from '@gatehouse/domain/notification/channel.schema';
import { NOTIFICATION_TYPE_LABELS, NOTIFICATION_TYPES } from '@gatehouse/domain/notification/notification.schema';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { errorMessageOf, fieldErrorsOf } from '../../components/mutation-error';
import { useTRPC } from '../../trpc/react';
import { zodFieldErrors } from '../settings/zod-field-errors';
import { KIND_LABEL } from './describe-channel';

type Kind = Channel['kind'];

/** A random signing secret (32 bytes, base64url), made in the browser for the admin to copy to the receiver. */
function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return 'whsec_' + btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string | undefined; hint?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? <span className="hint" id={`${id}-hint`}>{hint}</span> : null}
      {error ? <span className="field-error" id={`${id}-error`}>{error}</span> : null}
    </div>
  );
}

/**
 * Adds or edits a channel. Credentials are write-only: when editing, an empty credential field keeps the stored
 * one (the console never has it to show). Checked with the API's own schema before sending; server problems land
 * on their fields.
 */
export function ChannelForm({ editing, onDone }: { editing?: Channel; onDone: (saved?: Channel) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [kind, setKind] = useState<Kind>(editing?.kind ?? 'webhook');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState('');
  const [showSecret, setShowSecret] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  const onError = (e: unknown) => setErrors(fieldErrorsOf(e));
  const create = useMutation(trpc.notifications.createChannel.mutationOptions({ onSuccess: (c) => { onDone(c); return refresh(); }, onError }));
  const update = useMutation(trpc.notifications.updateChannel.mutationOptions({ onSuccess: (c) => { onDone(c); return refresh(); }, onError }));
  const pending = create.isPending || update.isPending;
  const failed = create.isError ? create.error : update.isError ? update.error : null;

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => String(f.get(name) ?? '').trim();
    const optional = (name: string) => (text(name) ? text(name) : undefined);
    const common = { name: text('name'), enabled: f.get('enabled') === 'on', events: f.getAll('events').map(String) };
    let body: Record<string, unknown>;
    if (kind === 'webhook') body = { ...common, kind, url: text('url'), secret: optional('secret') };
    else if (kind === 'slack') body = { ...common, kind, url: optional('url') };
    else {
      body = {
        ...common, kind, host: text('host'), port: Number(text('port') || 0), tls: text('tls'), username: optional('username'), password: optional('password'),
        from: text('from'), to: text('to').split(/[,\s]+/).filter(Boolean),
      };
    }
    body = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    const parsed = (editing ? UpdateChannelSchema : CreateChannelSchema).safeParse(body);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setErrors({});
    if (editing) update.mutate({ id: editing.id, body: parsed.data });
    else create.mutate(parsed.data);
  };

  const err = (name: string) => errors[name];
  const aria = (name: string, hint = false) => ({
    id: `${id}-${name}`,
    name,
    'aria-invalid': err(name) ? true : undefined,
    'aria-describedby': [err(name) ? `${id}-${name}-error` : '', hint ? `${id}-${name}-hint` : ''].filter(Boolean).join(' ') || undefined,
  });
  const keep = editing ? 'leave empty to keep the stored one' : undefined;
  const title = editing ? `Edit ${editing.name}` : 'Add a channel';
  return (
    <form className="channel-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {failed && Object.keys(fieldErrorsOf(failed)).length === 0 ? <div className="alert" role="alert">{errorMessageOf(failed)}</div> : null}
      <div className="form-grid">
        <Field id={`${id}-name`} label="Channel name" error={err('name')}>
          <input {...aria('name')} defaultValue={editing?.name ?? ''} autoComplete="off" />
        </Field>
        <Field id={`${id}-kind`} label="Kind" error={err('kind')}>
          <select {...aria('kind')} value={kind} disabled={!!editing} onChange={(e) => { setKind(e.target.value as Kind); setErrors({}); }}>
            {(['webhook', 'slack', 'email'] as const).map((k) => <option key={k} value={k}>{KIND_LABEL[k]}</option>)}
          </select>
        </Field>
      </div>

      {kind === 'webhook' ? (
        <div className="form-grid" key="webhook">
          <Field id={`${id}-url`} label="Webhook URL" error={err('url')}>
            <input {...aria('url')} type="url" inputMode="url" defaultValue={editing?.kind === 'webhook' ? editing.url : ''} placeholder="https://example.com/gatehouse-hook" autoComplete="off" />
          </Field>
          <Field id={`${id}-secret`} label="Signing secret" error={err('secret')} hint={keep ?? 'HMAC-SHA256 key for X-Gatehouse-Signature; at least 16 characters. Copy it to the receiver: it is not shown again.'}>
            <div className="row">
              <input {...aria('secret', true)} type={showSecret ? 'text' : 'password'} value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" style={{ flex: 1, minWidth: 0 }} />
              <button type="button" className="button small" onClick={() => { setSecret(newSecret()); setShowSecret(true); }}>Generate</button>
            </div>
          </Field>
        </div>
      ) : kind === 'slack' ? (
        <div className="form-grid" key="slack">
          <Field id={`${id}-url`} label="Slack webhook URL" error={err('url')} hint={editing ? `Stored: ${editing.kind === 'slack' ? editing.urlHint : ''} — ${keep}` : 'The incoming-webhook URL is a credential: stored encrypted, never shown again.'}>
            <input {...aria('url', true)} type="password" placeholder="https://hooks.slack.com/services/…" autoComplete="off" />
          </Field>
        </div>
      ) : (
        <div className="form-grid" key="email">
          <Field id={`${id}-host`} label="SMTP host" error={err('host')}>
            <input {...aria('host')} defaultValue={editing?.kind === 'email' ? editing.host : ''} placeholder="smtp.example.com" autoComplete="off" />
          </Field>
          <Field id={`${id}-port`} label="Port" error={err('port')}>
            <input {...aria('port')} type="number" min={1} max={65535} defaultValue={editing?.kind === 'email' ? editing.port : 587} />
          </Field>
          <Field id={`${id}-tls`} label="TLS" error={err('tls')}>
            <select {...aria('tls')} defaultValue={editing?.kind === 'email' ? editing.tls : 'starttls'}>
              <option value="starttls">STARTTLS (required)</option>
              <option value="tls">TLS from the start (port 465)</option>
              <option value="none">None</option>
            </select>
          </Field>
          <Field id={`${id}-username`} label="SMTP user name" error={err('username')} hint="Optional: without one, no authentication.">
            <input {...aria('username', true)} defaultValue={editing?.kind === 'email' ? editing.username ?? '' : ''} autoComplete="off" />
          </Field>
          <Field id={`${id}-password`} label="SMTP password" error={err('password')} {...(keep ? { hint: keep } : {})}>
            <input {...aria('password', !!keep)} type="password" autoComplete="new-password" />
          </Field>
          <Field id={`${id}-from`} label="From" error={err('from')}>
            <input {...aria('from')} defaultValue={editing?.kind === 'email' ? editing.from : ''} placeholder="Gatehouse <gatehouse@example.com>" autoComplete="off" />
          </Field>
          <Field id={`${id}-to`} label="To" error={err('to')} hint="Addresses, separated by commas.">
            <input {...aria('to', true)} defaultValue={editing?.kind === 'email' ? editing.to.join(', ') : ''} placeholder="ops@example.com" autoComplete="off" />
          </Field>
        </div>
      )}

      <fieldset aria-describedby={err('events') ? `${id}-events-error` : undefined}>
        <legend>Events</legend>
        <div className="checks">
          {NOTIFICATION_TYPES.map((t) => (
            <label key={t} className="check">
              <input type="checkbox" name="events" value={t} defaultChecked={editing ? editing.events.includes(t) : true} />
              <span>{NOTIFICATION_TYPE_LABELS[t]}</span>
            </label>
          ))}
        </div>
        {err('events') ? <span className="field-error" id={`${id}-events-error`}>{err('events')}</span> : null}
      </fieldset>
      <label className="check" style={{ marginTop: 12 }}>
        <input type="checkbox" name="enabled" defaultChecked={editing?.enabled ?? true} /> <span>Enabled</span>
      </label>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={pending}>{pending ? 'Saving…' : editing ? 'Save channel' : 'Add channel'}</button>
        <button type="button" className="button" onClick={() => onDone()}>Cancel</button>
      </div>
    </form>
  );
}
