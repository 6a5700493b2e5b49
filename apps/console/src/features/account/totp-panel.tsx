'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { errorMessageOf } from '../../components/mutation-error';
import { useTRPC } from '../../trpc/react';

/**
 * Two-step sign-in (TOTP) for your local account: begin with your password (the server answers the seed as an
 * otpauth:// URI and a QR code), confirm with a code from the app, keep the recovery codes shown once.
 */
export function TotpPanel() {
  const id = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.me.totp.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.me.totp.queryKey() });
  const begin = useMutation(trpc.me.beginTotp.mutationOptions());
  const confirm = useMutation(trpc.me.confirmTotp.mutationOptions({ onSettled: refresh }));
  const disable = useMutation(trpc.me.disableTotp.mutationOptions({ onSettled: refresh }));
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState<string[] | null>(null);

  const onBegin = (e: FormEvent) => {
    e.preventDefault();
    begin.mutate({ currentPassword: password }, { onSuccess: () => setPassword('') });
  };
  const onConfirm = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate({ code }, { onSuccess: (r) => { setRecovery(r.recoveryCodes); setCode(''); begin.reset(); } });
  };
  const onDisable = (e: FormEvent) => {
    e.preventDefault();
    disable.mutate({ currentPassword: password }, { onSuccess: () => { setPassword(''); setRecovery(null); } });
  };
  const problem = begin.error ?? confirm.error ?? disable.error;
  const enabled = status.data?.enabled === true;

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Two-step sign-in</h2>
      {problem ? <div className="alert" role="alert">{errorMessageOf(problem)}</div> : null}
      {recovery ? (
        <div className="callout" role="status">
          <p>Two-step sign-in is on. Keep these recovery codes somewhere safe: each works once instead of a code, and they are not shown again.</p>
          <ul className="mono">{recovery.map((c) => <li key={c}>{c}</li>)}</ul>
        </div>
      ) : null}
      {enabled ? (
        <form onSubmit={onDisable}>
          <p className="muted">On since {status.data?.enabledAt ? new Date(status.data.enabledAt).toLocaleString() : '—'}; {status.data?.recoveryCodesLeft} recovery codes left.</p>
          <div className="field">
            <label htmlFor={`${id}-off-password`}>Current password</label>
            <input id={`${id}-off-password`} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <button type="submit" className="button" disabled={disable.isPending}>Turn off two-step sign-in</button>
        </form>
      ) : begin.data ? (
        <form onSubmit={onConfirm}>
          <p>Scan this code with an authenticator app, or type the key.</p>
          {/* An <img> of the server's SVG: nothing from the answer is put into the page as markup. */}
          <img src={`data:image/svg+xml;base64,${btoa(begin.data.qrSvg)}`} width={200} height={200} alt={`QR code of ${begin.data.otpauthUri}`} />
          <p className="mono" aria-label="Key">{begin.data.secret.replace(/(.{4})/g, '$1 ').trim()}</p>
          <div className="field">
            <label htmlFor={`${id}-code`}>Code from the app</label>
            <input id={`${id}-code`} inputMode="numeric" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} />
          </div>
          <button type="submit" className="button primary" disabled={confirm.isPending}>Turn on</button>
        </form>
      ) : (
        <form onSubmit={onBegin}>
          <p className="muted">After your password, sign-in will ask for a code from an authenticator app.</p>
          <div className="field">
            <label htmlFor={`${id}-password`}>Current password</label>
            <input id={`${id}-password`} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <button type="submit" className="button" disabled={begin.isPending}>Set up two-step sign-in</button>
        </form>
      )}
    </section>
  );
}
