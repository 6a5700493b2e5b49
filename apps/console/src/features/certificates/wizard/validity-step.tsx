'use client';

import { useEffect, useId } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ValidityDaysSchema } from '@gatehouse/domain/certificate/certificate-fields.schema';
import { formatDate } from '../certificate-words';
import { domainResolver, toFieldName } from '../form/domain-resolver';
import { FieldError, StepActions, StepProblems } from './step-actions';
import { isCaIntent, type WizardIntent } from './wizard-draft';

const DAY_MS = 86_400_000;
const ValidityFormSchema = z.object({ validityDays: ValidityDaysSchema.optional() });

interface ValidityValues {
  mode: 'default' | 'days';
  validityDays: string;
}

/** The profile defaults the services apply (validity.ts, profiles.ts), in words. */
function defaultLifetime(intent: WizardIntent, profile: string): { days: number; words: string } {
  if (isCaIntent(intent)) return { days: 3650, words: '10 years' };
  if (profile === 'client') return { days: 365, words: '1 year' };
  return { days: 397, words: '397 days (under the 398 days browsers accept)' };
}

const PRESETS = [30, 90, 397, 825, 3650];

/** Step: how long the certificate is valid. A lifetime beyond the issuer's is refused by the server. */
export function ValidityStep({ intent, profile, validityDays, issuer, problems, onBack, onNext }: {
  intent: WizardIntent;
  profile: string;
  validityDays: number | null;
  issuer: { name: string; notAfter: string } | undefined;
  problems: readonly { path: string; message: string }[];
  onBack: () => void;
  onNext: (days: number | null) => void;
}) {
  const id = useId();
  const form = useForm<ValidityValues, unknown, z.output<typeof ValidityFormSchema>>({
    defaultValues: { mode: validityDays === null ? 'default' : 'days', validityDays: validityDays === null ? '' : String(validityDays) },
    resolver: domainResolver(ValidityFormSchema, (v: ValidityValues) => (v.mode === 'default' ? {} : { validityDays: v.validityDays.trim() === '' ? Number.NaN : Number(v.validityDays) })),
  });
  useEffect(() => {
    for (const p of problems) if (toFieldName(p.path) === 'validityDays') form.setError('validityDays', { message: p.message });
  }, [problems, form]);
  const mode = form.watch('mode');
  const days = Number(form.watch('validityDays'));
  const fallback = defaultLifetime(intent, profile);
  const effectiveDays = mode === 'default' ? fallback.days : Number.isInteger(days) && days > 0 ? days : undefined;
  const until = effectiveDays !== undefined ? new Date(Date.now() + effectiveDays * DAY_MS) : undefined;
  const issuerEnd = issuer ? Date.parse(issuer.notAfter) : undefined;
  const beyondIssuer = until !== undefined && issuerEnd !== undefined && until.getTime() > issuerEnd;
  const most = issuerEnd !== undefined ? Math.floor((issuerEnd - Date.now()) / DAY_MS) : undefined;
  const error = form.formState.errors.validityDays?.message;
  return (
    <form onSubmit={form.handleSubmit((v) => onNext(v.validityDays ?? null))} noValidate>
      <StepProblems problems={problems.filter((p) => toFieldName(p.path) !== 'validityDays')} />
      <fieldset className="choice-list">
        <legend className="visually-hidden">Lifetime</legend>
        <label className="choice" htmlFor={`${id}-default`}>
          <input id={`${id}-default`} type="radio" value="default" {...form.register('mode')} />
          <span><strong>Default: {fallback.words}</strong><span className="sub">{issuer ? `Shortened to the issuer’s end (${formatDate(issuer.notAfter)}) if it would outlive ${issuer.name}.` : 'The product default for this kind of certificate.'}</span></span>
        </label>
        <label className="choice" htmlFor={`${id}-days-mode`}>
          <input id={`${id}-days-mode`} type="radio" value="days" {...form.register('mode')} />
          <span><strong>A number of days</strong><span className="sub">From now; at most 36,500.</span></span>
        </label>
      </fieldset>
      {mode === 'days' ? (
        <div className="field narrow">
          <label htmlFor={`${id}-days`}>Valid for (days)</label>
          <input id={`${id}-days`} type="number" inputMode="numeric" min={1} max={36_500} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...form.register('validityDays')} />
          <FieldError id={`${id}-error`} message={error} />
          <div className="row presets">
            {PRESETS.map((p) => <button key={p} type="button" className="button small" onClick={() => form.setValue('validityDays', String(p), { shouldValidate: true })}>{p} days</button>)}
          </div>
        </div>
      ) : null}
      {until ? <p>Valid until <strong>{formatDate(until.toISOString())}</strong>{issuer ? <> · the issuer {issuer.name} is valid until {formatDate(issuer.notAfter)}</> : null}.</p> : null}
      {beyondIssuer && mode === 'days' ? (
        <div className="callout warn" role="status">This would outlive its issuer, so it will be refused: a certificate is only trusted while its issuer is. At most {most} days are possible.</div>
      ) : null}
      <StepActions onBack={onBack} />
    </form>
  );
}
