'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { errorMessageOf } from '../../components/mutation-error';
import { QueryError } from '../../components/query-error';
import { RelativeTime } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import { CreateTokenSchema } from '../../server/auth/token.schema';
import { useTRPC } from '../../trpc/react';
import { ROLE_DESCRIPTIONS } from './roles';
import { zodFieldErrors } from './zod-field-errors';

function NewToken({ name, value, onDone }: { name: string; value: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="callout ok" role="status">
      <strong>Token {name} created.</strong> Copy it now: it is shown only this once and cannot be read again.
      <div className="secret-value">
        <code role="group" aria-label="New API token">{value}</code>
        <button type="button" className="button small" onClick={() => navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false))}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="button small" onClick={onDone}>Done</button>
      </div>
    </div>
  );
}

/** API tokens (administrators only): list, create (value shown once), revoke. */
export function TokensPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [made, setMade] = useState<{ name: string; token: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const create = useMutation(trpc.tokens.create.mutationOptions({ onSuccess: (t) => { setMade({ name: t.name, token: t.token }); return refresh(); } }));
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSettled: () => { setConfirming(null); return refresh(); } }));
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const days = String(form.get('expiresInDays') ?? '').trim();
    const parsed = CreateTokenSchema.safeParse({ name: String(form.get('name') ?? ''), role: String(form.get('role') ?? ''), ...(days ? { expiresInDays: Number(days) } : {}) });
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error));
      return;
    }
    setErrors({});
    create.mutate(parsed.data, { onSuccess: () => formEl.reset() });
  };
  return (
    <section className="card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p className="muted">For scripts, CI and the worker: send as <code>Authorization: Bearer …</code>. Only a hash is stored.</p>
      {made ? <NewToken name={made.name} value={made.token} onDone={() => setMade(null)} /> : null}
      {create.isError ? <div className="alert" role="alert">{errorMessageOf(create.error)}</div> : null}
      {revoke.isError ? <div className="alert" role="alert">{errorMessageOf(revoke.error)}</div> : null}
      {tokens.isPending ? <p className="muted" role="status">Loading tokens…</p> : tokens.isError ? <QueryError error={tokens.error} what="tokens" /> : (
        <div className="table-wrap" style={{ marginBottom: 20 }}>
          <table>
            <caption className="visually-hidden">API tokens</caption>
            <thead><tr><th scope="col">Token</th><th scope="col">Role</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">State</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {tokens.data.map((t) => {
                const expired = t.expiresAt !== null && new Date(t.expiresAt).getTime() <= Date.now();
                return (
                  <tr key={t.id}>
                    <td><strong>{t.name}</strong><span className="sub mono">{t.prefix}…</span></td>
                    <td>{ROLE_DESCRIPTIONS[t.role as keyof typeof ROLE_DESCRIPTIONS]?.label ?? t.role}</td>
                    <td><RelativeTime iso={t.createdAt} /><span className="sub">by {t.createdBy}</span></td>
                    <td><RelativeTime iso={t.lastUsedAt} /></td>
                    <td>
                      {t.revokedAt ? <StatusBadge tone="neutral">Revoked</StatusBadge> : expired ? <StatusBadge tone="bad">Expired</StatusBadge> : <StatusBadge tone="ok">Active</StatusBadge>}
                      {t.expiresAt && !t.revokedAt ? <span className="sub">expires <RelativeTime iso={t.expiresAt} /></span> : null}
                    </td>
                    <td>
                      {!t.revokedAt && (confirming === t.id ? (
                        <span className="row">
                          <button type="button" className="button small danger" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: t.id })}>Confirm revoking {t.name}</button>
                          <button type="button" className="button small" onClick={() => setConfirming(null)}>Keep</button>
                        </span>
                      ) : (
                        <button type="button" className="button small" onClick={() => setConfirming(t.id)}>Revoke {t.name}</button>
                      ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>Create a token</h3>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-name`}>Token name</label>
            <input id={`${id}-name`} name="name" autoComplete="off" aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? `${id}-name-error` : undefined} />
            {errors.name ? <span id={`${id}-name-error`} className="field-error">{errors.name}</span> : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-role`}>Token role</label>
            <select id={`${id}-role`} name="role" defaultValue="viewer">
              {(['admin', 'editor', 'viewer', 'worker'] as const).map((r) => <option key={r} value={r}>{ROLE_DESCRIPTIONS[r].label}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-days`}>Expires after (days)</label>
            <input id={`${id}-days`} name="expiresInDays" type="number" min={1} max={3650} placeholder="never" aria-invalid={errors.expiresInDays ? true : undefined} />
            {errors.expiresInDays ? <span className="field-error">{errors.expiresInDays}</span> : null}
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={create.isPending}>{create.isPending ? 'Creating…' : 'Create token'}</button>
        </div>
      </form>
    </section>
  );
}
