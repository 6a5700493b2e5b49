'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReferenceFix } from '@gatehouse/domain/references/reference-check.schema';
import { useEffect, useId, useState } from 'react';
import { createPortal } from 'react-dom';
import { Dialog } from '../../components/dialog';
import { errorMessageOf } from '../../components/mutation-error';
import { toast } from '../../components/toast';
import { useTRPC } from '../../trpc/react';

const UNUSABLE_STATES = new Set(['expired', 'revoked', 'notYetValid']);

const day = (iso: string) => iso.slice(0, 10);

/**
 * "Create it from a certificate": a CA of the inventory written into the missing Secret (or ConfigMap) as `ca.crt`
 * through the bindings API (shape `ca-bundle`), so the object also follows the CA's renewals. Rendered in a portal:
 * the dialog sits outside the resource form, so Enter in it never submits that form.
 */
export function CreateCaDialog({ fix, open, onClose }: { fix: ReferenceFix; open: boolean; onClose: () => void }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return null;
  return createPortal(
    <Dialog open={open} title={`Create ${fix.kind} ${fix.name} from a certificate`} onClose={onClose}>
      <CreateCaBody fix={fix} onDone={onClose} />
    </Dialog>,
    document.body,
  );
}

function CreateCaBody({ fix, onDone }: { fix: ReferenceFix; onDone: () => void }) {
  const id = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cas = useQuery(trpc.certificates.list.queryOptions({ ca: 'true' }));
  const usable = (cas.data?.items ?? []).filter((c) => !UNUSABLE_STATES.has(c.state));
  const [chosen, setChosen] = useState<string | null>(null);
  const selected = chosen ?? usable[0]?.id ?? null;
  const bind = useMutation(trpc.certificates.bind.mutationOptions());
  const create = async () => {
    const cert = usable.find((c) => c.id === selected);
    if (!cert) return;
    try {
      await bind.mutateAsync({ id: cert.id, binding: { kind: fix.kind, namespace: fix.namespace, name: fix.name, shape: 'ca-bundle' } });
      await Promise.all([
        queryClient.invalidateQueries(trpc.references.pathFilter()),
        queryClient.invalidateQueries(trpc.resources.pathFilter()),
        queryClient.invalidateQueries(trpc.certificates.pathFilter()),
      ]);
      toast.success(`${fix.kind} ${fix.namespace}/${fix.name} created with ca.crt from ${cert.name}.`);
      onDone();
    } catch (e) {
      toast.error(`Could not create ${fix.kind} ${fix.name}: ${errorMessageOf(e)}`);
    }
  };
  return (
    <div className="create-ca">
      <p>
        Writes <code>ca.crt</code> of {fix.kind} <strong>{fix.namespace}/{fix.name}</strong> from a certificate authority of the inventory, and keeps it
        in step with it: a renewal of the CA rewrites it.
      </p>
      {cas.isPending ? <p className="muted">Loading the certificate authorities…</p> : null}
      {cas.isError ? <p className="field-error">Could not list the certificates: {errorMessageOf(cas.error)}</p> : null}
      {cas.isSuccess && usable.length === 0 ? (
        <p className="callout warn">
          The inventory holds no usable certificate authority. <Link href="/certificates/new">Create or import one</Link>, then come back.
        </p>
      ) : null}
      {usable.length > 0 ? (
        <fieldset className="ca-choices">
          <legend className="label">Certificate authority</legend>
          {usable.map((c) => (
            <label key={c.id} className="ca-choice" htmlFor={`${id}-${c.id}`}>
              <input id={`${id}-${c.id}`} type="radio" name={`${id}-ca`} checked={selected === c.id} onChange={() => setChosen(c.id)} />
              <span>
                <strong>{c.name}</strong>
                <span className="muted"> {c.subject} · valid until {day(c.notAfter)}{c.isSelfSigned ? ' · root' : ''}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button primary" disabled={!selected || bind.isPending} onClick={() => void create()}>
          {bind.isPending ? 'Creating…' : `Create ${fix.kind} ${fix.name}`}
        </button>
        <button type="button" className="button" onClick={onDone} disabled={bind.isPending}>Cancel</button>
      </div>
    </div>
  );
}
