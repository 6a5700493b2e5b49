'use client';

import { useMutation } from '@tanstack/react-query';
import { useEffect, useId } from 'react';
import { useForm } from 'react-hook-form';
import type { CsrView } from '@gatehouse/domain/certificate/preview-certificate.schema';
import { InspectCsrSchema } from '@gatehouse/domain/certificate/preview-certificate.schema';
import { errorMessageOf, fieldErrorsOf } from '../../../components/mutation-error';
import { ProgressNote } from '../../../components/progress-note';
import { useTRPC } from '../../../trpc/react';
import { domainResolver, toFieldName } from '../form/domain-resolver';
import { readMaterialFile } from '../read-file';
import { FieldError, StepActions, StepProblems } from './step-actions';

interface RequestValues {
  csr: string;
}

/** Step (sign a CSR): the PKCS#10 request, pasted or from a file; read by the server, which pre-fills the next steps. */
export function RequestStep({ csr, problems, onBack, onNext }: {
  csr: string;
  problems: readonly { path: string; message: string }[];
  onBack: () => void;
  onNext: (csr: string, view: CsrView) => void;
}) {
  const id = useId();
  const trpc = useTRPC();
  const form = useForm<RequestValues, unknown, RequestValues>({ defaultValues: { csr }, resolver: domainResolver(InspectCsrSchema, (v: RequestValues) => v) });
  const inspect = useMutation(trpc.certificateWizard.inspectCsr.mutationOptions());
  useEffect(() => {
    for (const p of problems) if (toFieldName(p.path) === 'csr') form.setError('csr', { message: p.message });
  }, [problems, form]);
  const submit = form.handleSubmit(async (v) => {
    try {
      const view = await inspect.mutateAsync({ csr: v.csr });
      if (!view.signatureValid) {
        form.setError('csr', { message: 'the request’s signature does not verify with its own key: it was altered or made wrongly (RFC 2986 §3)' });
        return;
      }
      onNext(v.csr, view);
    } catch (e) {
      form.setError('csr', { message: fieldErrorsOf(e).csr ?? errorMessageOf(e) });
    }
  });
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    form.setValue('csr', (await readMaterialFile(file)).text, { shouldValidate: true });
  };
  const error = form.formState.errors.csr?.message;
  return (
    <form onSubmit={submit} noValidate>
      <StepProblems problems={problems.filter((p) => toFieldName(p.path) !== 'csr')} />
      <div className="field">
        <label htmlFor={`${id}-csr`}>Certificate request (PEM)</label>
        <textarea id={`${id}-csr`} rows={10} className="mono" spellCheck={false} placeholder="-----BEGIN CERTIFICATE REQUEST-----" aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`} {...form.register('csr')} />
        <FieldError id={`${id}-error`} message={error} />
        <span id={`${id}-hint`} className="hint">Made with e.g. <code>openssl req -new -key server-key.pem -subj /CN=foo.example.com</code>. The key stays with whoever made the request.</span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-file`}>Or read it from a file (.csr, .pem or DER)</label>
        <input id={`${id}-file`} type="file" accept=".csr,.pem,.der,.req" onChange={(e) => void onFile(e.target.files?.[0])} />
      </div>
      {inspect.isPending ? <ProgressNote label="Reading the request…" /> : null}
      <StepActions onBack={onBack} busy={inspect.isPending} />
    </form>
  );
}
