'use client';

import { useEffect, useId } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { CertificateNameSchema, DistinguishedNameSchema } from '@gatehouse/domain/certificate/certificate-fields.schema';
import { CreateRootCaSchema } from '@gatehouse/domain/certificate/create-root-ca.schema';
import { blankToUndefined, domainResolver, toFieldName, withoutBlanks } from '../form/domain-resolver';
import { FieldError, StepActions, StepProblems } from './step-actions';
import { isCaIntent, type SubjectDraft, type SubjectField, type WizardIntent } from './wizard-draft';

// The API's own schemas: a CA's subject must have a common name (CreateRootCaSchema), a leaf's may be empty.
const CaSubjectFormSchema = z.object({ name: CertificateNameSchema.optional(), subject: CreateRootCaSchema.shape.subject });
const LeafSubjectFormSchema = z.object({ name: CertificateNameSchema.optional(), subject: DistinguishedNameSchema });

interface SubjectValues {
  name: string;
  subject: SubjectDraft;
}

const FIELDS: { field: SubjectField; label: string; hint?: string; autoComplete?: string }[] = [
  { field: 'commonName', label: 'Common name (CN)' },
  { field: 'organization', label: 'Organization (O)', autoComplete: 'organization' },
  { field: 'organizationalUnit', label: 'Organizational unit (OU)' },
  { field: 'locality', label: 'Locality (L)' },
  { field: 'state', label: 'State or province (ST)' },
  { field: 'country', label: 'Country (C)', hint: 'two capital letters, e.g. DE' },
];

function commonNameHint(intent: WizardIntent): string {
  if (isCaIntent(intent)) return 'Required for a CA: it is the name other certificates show as their issuer, e.g. flomesh.io.';
  if (intent === 'sign-csr') return 'Taken from the request; change it only to override what the requester asked for.';
  return 'For people reading the certificate. TLS clients check the names on the next step, not this one.';
}

/** Who the certificate is for (RFC 5280 §4.1.2.6), and its display name in the inventory. */
export function SubjectStep({ intent, name, subject, problems, onBack, onNext }: {
  intent: WizardIntent;
  name: string;
  subject: SubjectDraft;
  problems: readonly { path: string; message: string }[];
  onBack: () => void;
  onNext: (values: SubjectValues) => void;
}) {
  const id = useId();
  const schema = isCaIntent(intent) ? CaSubjectFormSchema : LeafSubjectFormSchema;
  const form = useForm<SubjectValues, unknown, z.output<typeof schema>>({
    defaultValues: { name, subject },
    resolver: domainResolver(schema, (v: SubjectValues) => ({ name: blankToUndefined(v.name), subject: withoutBlanks(v.subject) })),
  });
  const { errors } = form.formState;
  // What the server said about these fields (preview or create), inline under each of them.
  useEffect(() => {
    for (const p of problems) {
      const field = toFieldName(p.path);
      if (field === 'name' || field.startsWith('subject.')) form.setError(field as 'name', { message: p.message });
    }
  }, [problems, form]);
  const unplaced = problems.filter((p) => { const f = toFieldName(p.path); return f !== 'name' && !f.startsWith('subject.'); });
  return (
    <form onSubmit={form.handleSubmit(() => onNext(form.getValues()))} noValidate>
      <StepProblems problems={unplaced} />
      <div className="form-grid">
        {FIELDS.map(({ field, label, hint, autoComplete }) => {
          const message = errors.subject?.[field]?.message ?? (field === 'commonName' ? errors.subject?.message : undefined);
          const hintText = field === 'commonName' ? commonNameHint(intent) : hint;
          return (
            <div key={field} className={`field${field === 'commonName' ? ' span-2' : ''}`}>
              <label htmlFor={`${id}-${field}`}>{label}</label>
              <input
                id={`${id}-${field}`}
                autoComplete={autoComplete ?? 'off'}
                aria-invalid={message ? true : undefined}
                aria-describedby={`${id}-${field}-hint${message ? ` ${id}-${field}-error` : ''}`}
                {...form.register(`subject.${field}`)}
              />
              <FieldError id={`${id}-${field}-error`} message={message} />
              {hintText ? <span id={`${id}-${field}-hint`} className="hint">{hintText}</span> : <span id={`${id}-${field}-hint`} hidden />}
            </div>
          );
        })}
        <div className="field span-2">
          <label htmlFor={`${id}-name`}>Display name in the inventory</label>
          <input id={`${id}-name`} autoComplete="off" aria-invalid={errors.name ? true : undefined} aria-describedby={`${id}-name-hint`} {...form.register('name')} />
          <FieldError id={`${id}-name-error`} message={errors.name?.message} />
          <span id={`${id}-name-hint`} className="hint">Optional; defaults to the common name. Not part of the certificate.</span>
        </div>
      </div>
      <StepActions onBack={onBack} />
    </form>
  );
}
