'use client';

import { useEffect, useId } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { SanListSchema } from '@gatehouse/domain/certificate/certificate-fields.schema';
import { domainResolver, toFieldName } from '../form/domain-resolver';
import { detectSanKind, SAN_KIND_LABELS } from './san-kind';
import { SanChipInput } from './san-chip-input';
import { StepActions, StepProblems } from './step-actions';

interface SansValues {
  sans: string[];
}

/**
 * SanListSchema (the API's) plus the per-entry rules @gatehouse/certs applies on the server, and the issue
 * schema's rule that a certificate with an empty subject needs at least one SAN (RFC 5280 §4.1.2.6).
 */
function sansSchema(hasCommonName: boolean) {
  return z.object({ sans: SanListSchema }).superRefine((v, ctx) => {
    v.sans.forEach((entry, i) => {
      const d = detectSanKind(entry);
      if ('error' in d) ctx.addIssue({ code: 'custom', path: ['sans', i], message: d.error });
    });
    if (!hasCommonName && v.sans.length === 0) ctx.addIssue({ code: 'custom', path: ['sans'], message: 'give at least one name here, or a common name on the Subject step' });
  });
}

/** Step: the names the certificate is valid for, in one chip input that tells the kinds apart. */
export function SansStep({ sans, hasCommonName, isServer, problems, onBack, onNext }: {
  sans: string[];
  hasCommonName: boolean;
  isServer: boolean;
  problems: readonly { path: string; message: string }[];
  onBack: () => void;
  onNext: (sans: string[]) => void;
}) {
  const id = useId();
  const form = useForm<SansValues, unknown, SansValues>({ defaultValues: { sans }, resolver: domainResolver(sansSchema(hasCommonName), (v: SansValues) => v) });
  useEffect(() => {
    for (const p of problems) {
      const f = toFieldName(p.path);
      if (f === 'sans' || f.startsWith('sans.')) form.setError(f as 'sans', { message: p.message });
    }
  }, [problems, form]);
  const errors = form.formState.errors.sans;
  const byIndex: Record<number, string | undefined> = {};
  if (Array.isArray(errors)) errors.forEach((e, i) => { byIndex[i] = (e as { message?: string } | undefined)?.message; });
  const listMessage = errors && !Array.isArray(errors) ? errors.message : undefined;
  const hasEntryErrors = Object.values(byIndex).some(Boolean);
  return (
    <form onSubmit={form.handleSubmit((v) => onNext(v.sans))} noValidate>
      <StepProblems problems={problems.filter((p) => !toFieldName(p.path).startsWith('sans'))} />
      <div className="field">
        <label htmlFor={`${id}-sans`}>Subject alternative names</label>
        <Controller
          control={form.control}
          name="sans"
          render={({ field }) => (
            <SanChipInput id={`${id}-sans`} values={field.value} onChange={(v) => { field.onChange(v); form.clearErrors('sans'); }} errors={byIndex}
              invalid={listMessage !== undefined || hasEntryErrors} describedBy={`${id}-hint${listMessage ? ` ${id}-error` : ''}`} />
          )}
        />
        {listMessage ? <span id={`${id}-error`} className="field-error">{listMessage}</span> : null}
        {hasEntryErrors ? <span className="field-error">Fix or remove the names marked invalid.</span> : null}
        <span id={`${id}-hint`} className="hint">
          {isServer ? 'The host names (and IP addresses) clients connect to, e.g. foo.example.com. ' : ''}
          Kinds are told apart by their form — {Object.values(SAN_KIND_LABELS).join(', ')}; a prefix such as <code>DNS:</code> or <code>IP:</code> forces one.
          A wildcard (<code>*.example.com</code>) covers exactly one label.
        </span>
      </div>
      <StepActions onBack={onBack} />
    </form>
  );
}
