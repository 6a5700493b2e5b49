'use client';

import { useEffect, useId } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { ImportCertificateSchema } from '@gatehouse/domain/certificate/import-certificate.schema';
import { blankToUndefined, domainResolver, toFieldName } from '../form/domain-resolver';
import { readMaterialFile } from '../read-file';
import { FieldError, StepActions, StepProblems } from './step-actions';
import type { MaterialDraft } from './wizard-draft';

interface MaterialValues extends MaterialDraft {
  name: string;
}

const FIELDS = ['name', 'certificate', 'privateKey', 'chain', 'privateKeyPassword', 'pkcs12', 'password'] as const;

/** The import's input as the API takes it (ImportCertificateSchema), from whichever half of the form is in use. */
function toImportInput(v: MaterialValues): z.input<typeof ImportCertificateSchema> {
  const name = blankToUndefined(v.name);
  if (v.mode === 'pkcs12') return { name, pkcs12: v.pkcs12 === '' ? undefined : v.pkcs12, password: v.password === '' ? undefined : v.password };
  return {
    name,
    certificate: blankToUndefined(v.certificate),
    privateKey: blankToUndefined(v.privateKey),
    chain: blankToUndefined(v.chain),
    privateKeyPassword: v.privateKeyPassword === '' ? undefined : v.privateKeyPassword,
  };
}

/** Step (import): an existing certificate as PEM/DER with its key and chain, or as a PKCS#12 file with its password. */
export function MaterialStep({ name, material, problems, onBack, onNext }: {
  name: string;
  material: MaterialDraft;
  problems: readonly { path: string; message: string }[];
  onBack: () => void;
  onNext: (name: string, material: MaterialDraft) => void;
}) {
  const id = useId();
  const form = useForm<MaterialValues, unknown, z.output<typeof ImportCertificateSchema>>({ defaultValues: { ...material, name }, resolver: domainResolver(ImportCertificateSchema, toImportInput) });
  useEffect(() => {
    for (const p of problems) {
      const f = toFieldName(p.path);
      if ((FIELDS as readonly string[]).includes(f)) form.setError(f as (typeof FIELDS)[number], { message: p.message });
    }
  }, [problems, form]);
  const mode = form.watch('mode');
  const { errors } = form.formState;
  const fileInto = (field: 'certificate' | 'privateKey' | 'chain') => async (file: File | undefined) => {
    if (file) form.setValue(field, (await readMaterialFile(file)).text, { shouldValidate: false });
  };
  const onP12 = async (file: File | undefined) => {
    if (!file) return;
    const { text } = await readMaterialFile(file);
    form.setValue('pkcs12', text);
    form.setValue('pkcs12FileName', file.name);
  };
  const area = (field: 'certificate' | 'privateKey' | 'chain', label: string, hint: string, placeholder: string) => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{label}</label>
      <textarea id={`${id}-${field}`} rows={field === 'certificate' ? 8 : 5} className="mono" spellCheck={false} placeholder={placeholder}
        aria-invalid={errors[field] ? true : undefined} aria-describedby={`${id}-${field}-hint${errors[field] ? ` ${id}-${field}-error` : ''}`} {...form.register(field)} />
      <FieldError id={`${id}-${field}-error`} message={errors[field]?.message} />
      <span id={`${id}-${field}-hint`} className="hint">{hint}</span>
      <input type="file" aria-label={`${label}: read from a file`} accept=".pem,.crt,.cer,.der,.key,.p7b" onChange={(e) => void fileInto(field)(e.target.files?.[0])} />
    </div>
  );
  return (
    <form onSubmit={form.handleSubmit(() => { const { name: n, ...m } = form.getValues(); onNext(n, m); })} noValidate>
      <StepProblems problems={problems.filter((p) => !(FIELDS as readonly string[]).includes(toFieldName(p.path)))} />
      <fieldset className="choice-list horizontal">
        <legend className="label">What you have</legend>
        <label className="choice" htmlFor={`${id}-pem`}>
          <input id={`${id}-pem`} type="radio" value="pem" {...form.register('mode')} />
          <span><strong>PEM or DER files</strong><span className="sub">certificate, optionally its key and chain</span></span>
        </label>
        <label className="choice" htmlFor={`${id}-p12`}>
          <input id={`${id}-p12`} type="radio" value="pkcs12" {...form.register('mode')} />
          <span><strong>A PKCS#12 file</strong><span className="sub">.p12 / .pfx with its password</span></span>
        </label>
      </fieldset>
      {mode === 'pem' ? (
        <>
          {area('certificate', 'Certificate', 'One certificate, or a bundle (the leaf is found by itself). A combined PEM may hold the key too.', '-----BEGIN CERTIFICATE-----')}
          {area('privateKey', 'Private key (optional)', 'PKCS#8, PKCS#1 or SEC1; without it Gatehouse cannot renew the certificate or put the key in a Secret.', 'Paste the key (PEM)')}
          <div className="field narrow">
            <label htmlFor={`${id}-keypw`}>Private key password</label>
            <input id={`${id}-keypw`} type="password" autoComplete="off" {...form.register('privateKeyPassword')} />
            <FieldError id={`${id}-keypw-error`} message={errors.privateKeyPassword?.message} />
          </div>
          {area('chain', 'Chain (optional)', 'The issuer certificates. Left empty, a CA in the inventory that signed it supplies the chain.', '-----BEGIN CERTIFICATE-----')}
        </>
      ) : (
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-p12file`}>PKCS#12 file</label>
            <input id={`${id}-p12file`} type="file" accept=".p12,.pfx" aria-invalid={errors.pkcs12 ? true : undefined} aria-describedby={errors.pkcs12 ? `${id}-p12-error` : undefined} onChange={(e) => void onP12(e.target.files?.[0])} />
            <FieldError id={`${id}-p12-error`} message={errors.pkcs12?.message} />
            {form.watch('pkcs12FileName') ? <span className="hint">Read {form.watch('pkcs12FileName')}</span> : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-p12pw`}>Password</label>
            <input id={`${id}-p12pw`} type="password" autoComplete="off" aria-invalid={errors.password ? true : undefined} {...form.register('password')} />
            <FieldError id={`${id}-p12pw-error`} message={errors.password?.message} />
          </div>
        </div>
      )}
      <div className="field narrow">
        <label htmlFor={`${id}-name`}>Display name in the inventory</label>
        <input id={`${id}-name`} autoComplete="off" {...form.register('name')} />
        <span className="hint">Optional; defaults to the certificate’s common name.</span>
      </div>
      <StepActions onBack={onBack} />
    </form>
  );
}
