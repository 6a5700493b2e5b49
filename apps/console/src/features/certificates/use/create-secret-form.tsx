'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState } from 'react';
import { useForm, type FieldErrors } from 'react-hook-form';
import type { z } from 'zod';
import { BindToSecretSchema } from '@gatehouse/domain/certificate/bind-certificate.schema';
import type { CertificateSummary } from '@gatehouse/domain/certificate/certificate.schema';
import { errorMessageOf, fieldErrorsOf } from '../../../components/mutation-error';
import { toast } from '../../../components/toast';
import { useTRPC } from '../../../trpc/react';
import { useNamespace } from '../../shell/use-namespace';
import { domainResolver } from '../form/domain-resolver';
import { FieldError } from '../wizard/step-actions';
import { keysWritten, PRESET_WORDS, presetsFor, presetValues, toBindRequest, type SecretFormValues, type SecretPreset } from './secret-presets';

type Cert = Pick<CertificateSummary, 'id' | 'isCA' | 'hasPrivateKey' | 'purpose' | 'name'>;

/** A message the schema reported for a path that is not one of the form's fields (`keys`, `shape`). */
function messageAt(errors: FieldErrors<SecretFormValues>, key: string): string | undefined {
  return (errors as Record<string, { message?: string } | undefined>)[key]?.message;
}

/**
 * "Create Secret": a Secret (or CA-bundle ConfigMap) written from the certificate and bound to it — renewals
 * rewrite it, and the write is audited and reaches the workers like any other (certificates.bind).
 */
export function CreateSecretForm({ certificate, headingLevel = 3 }: { certificate: Cert; headingLevel?: 2 | 3 }) {
  const id = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [pickerNamespace] = useNamespace();
  const presets = presetsFor(certificate);
  const first = presets[0] ?? 'ca-bundle';
  const form = useForm<SecretFormValues, unknown, z.output<typeof BindToSecretSchema>>({
    defaultValues: presetValues(first, certificate, pickerNamespace ?? 'default'),
    resolver: domainResolver(BindToSecretSchema, toBindRequest),
  });
  const [made, setMade] = useState<{ kind: string; namespace: string; name: string; keys: string[] } | null>(null);
  const bind = useMutation(trpc.certificates.bind.mutationOptions({
    onSuccess: () => queryClient.invalidateQueries(trpc.certificates.pathFilter()),
  }));
  const preset = form.watch('preset');
  const values = form.watch();
  const { errors } = form.formState;
  const choose = (p: SecretPreset) => {
    const ns = form.getValues('namespace');
    form.reset(presetValues(p, certificate, ns));
  };
  const submit = form.handleSubmit(async (binding) => {
    try {
      await bind.mutateAsync({ id: certificate.id, binding });
      const keys = keysWritten(form.getValues());
      setMade({ kind: binding.kind, namespace: binding.namespace, name: binding.name, keys });
      toast.success(`${binding.kind} ${binding.namespace}/${binding.name} created with ${keys.join(', ')}`);
    } catch (e) {
      const fields = fieldErrorsOf(e);
      for (const [k, message] of Object.entries(fields)) if (k === 'name' || k === 'namespace') form.setError(k, { message });
      toast.error(`Could not create the Secret: ${errorMessageOf(e)}`);
    }
  });
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <Heading id={`${id}-title`}>Create a Secret from it</Heading>
      <fieldset className="choice-list">
        <legend className="label">Shape</legend>
        {presets.map((p) => (
          <label key={p} className="choice" htmlFor={`${id}-${p}`}>
            <input id={`${id}-${p}`} type="radio" name={`${id}-preset`} value={p} checked={preset === p} onChange={() => choose(p)} />
            <span><strong>{PRESET_WORDS[p].label}</strong><span className="sub">{PRESET_WORDS[p].hint}</span></span>
          </label>
        ))}
      </fieldset>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-ns`}>Namespace</label>
          <input id={`${id}-ns`} autoComplete="off" aria-invalid={errors.namespace ? true : undefined} aria-describedby={errors.namespace ? `${id}-ns-error` : undefined} {...form.register('namespace')} />
          <FieldError id={`${id}-ns-error`} message={errors.namespace?.message} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>{preset === 'configmap-ca' ? 'ConfigMap name' : 'Secret name'}</label>
          <input id={`${id}-name`} autoComplete="off" aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? `${id}-name-error` : undefined} {...form.register('name')} />
          <FieldError id={`${id}-name-error`} message={errors.name?.message} />
        </div>
        {preset === 'custom-pem' ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-ck`}>Key for the certificate</label>
              <input id={`${id}-ck`} autoComplete="off" className="mono" {...form.register('certificateKey')} />
            </div>
            {certificate.hasPrivateKey ? (
              <div className="field">
                <label htmlFor={`${id}-kk`}>Key for the private key</label>
                <input id={`${id}-kk`} autoComplete="off" className="mono" {...form.register('privateKeyKey')} />
              </div>
            ) : null}
            <div className="field">
              <label htmlFor={`${id}-ak`}>Key for the CA bundle</label>
              <input id={`${id}-ak`} autoComplete="off" className="mono" placeholder="(none)" {...form.register('caKey')} />
            </div>
          </>
        ) : null}
      </div>
      {preset === 'tls' ? (
        <label className="check" htmlFor={`${id}-ca`}>
          <input id={`${id}-ca`} type="checkbox" {...form.register('includeCa')} />
          <span>Also write <code>ca.crt</code> (the chain’s root)</span>
        </label>
      ) : null}
      <FieldError id={`${id}-keys-error`} message={messageAt(errors, 'keys') ?? messageAt(errors, 'shape')} />
      <p className="hint">Writes {keysWritten(values).map((k) => <code key={k}>{k} </code>)}— and keeps it in step with this certificate: a renewal rewrites it.</p>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={bind.isPending}>{bind.isPending ? 'Creating…' : preset === 'configmap-ca' ? 'Create ConfigMap' : 'Create Secret'}</button>
      </div>
      {made ? (
        <div className="callout ok" role="status">
          {made.kind} <strong>{made.namespace}/{made.name}</strong> now holds {made.keys.join(', ')}.{' '}
          {made.kind === 'Secret' ? <Link href={`/secrets?namespace=${encodeURIComponent(made.namespace)}`}>See the Secrets in {made.namespace}</Link> : null}
        </div>
      ) : null}
    </form>
  );
}
