'use client';

import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import type { CertificateSummary } from '@gatehouse/domain/certificate/certificate.schema';
import { IssuerIdSchema } from '@gatehouse/domain/certificate/certificate-fields.schema';
import { StatusBadge } from '../../../components/status-badge';
import { describeKeyOf, formatDate } from '../certificate-words';
import { CERTIFICATE_STATE_WORDS } from '../describe-certificate-state';
import { domainResolver } from '../form/domain-resolver';
import { FieldError, StepActions, StepProblems } from './step-actions';
import type { WizardIntent } from './wizard-draft';

const IssuerFormSchema = z.object({ issuerId: IssuerIdSchema });

/** Why a CA cannot sign this, or undefined when it can (the server refuses the same cases: issuer.ts). */
export function issuerObstacle(ca: CertificateSummary, intent: WizardIntent): string | undefined {
  if (!ca.hasPrivateKey) return 'Gatehouse does not hold its key';
  if (ca.state === 'revoked') return 'revoked';
  if (ca.state === 'expired') return 'expired';
  if (intent === 'intermediate-ca' && ca.pathLen === 0) return 'its path length is 0: it may sign leaf certificates only (RFC 5280 §4.2.1.9)';
  return undefined;
}

/** Which managed CA signs the certificate. */
export function IssuerStep({ intent, issuerId, issuers, problems, onBack, onNext, onMakeRoot }: {
  intent: WizardIntent;
  issuerId: string;
  issuers: readonly CertificateSummary[];
  problems: readonly { path: string; message: string }[];
  onBack: () => void;
  onNext: (issuerId: string) => void;
  onMakeRoot: () => void;
}) {
  const id = useId();
  const form = useForm<{ issuerId: string }, unknown, { issuerId: string }>({ defaultValues: { issuerId }, resolver: domainResolver(IssuerFormSchema, (v) => v) });
  const error = form.formState.errors.issuerId?.message;
  if (issuers.length === 0) {
    return (
      <div>
        <div className="empty">
          <strong>No CA to sign with yet</strong>
          <p>Make a root CA first; then come back to issue from it.</p>
          <button type="button" className="button primary" onClick={onMakeRoot}>Make a root CA</button>
        </div>
        <div className="form-actions"><button type="button" className="button" onClick={onBack}>Back</button></div>
      </div>
    );
  }
  return (
    <form onSubmit={form.handleSubmit((v) => onNext(v.issuerId))} noValidate>
      <StepProblems problems={problems} />
      <fieldset className="choice-list" aria-describedby={error ? `${id}-error` : undefined}>
        <legend className="visually-hidden">Issuing CA</legend>
        {issuers.map((ca) => {
          const obstacle = issuerObstacle(ca, intent);
          const words = CERTIFICATE_STATE_WORDS[ca.state];
          return (
            <label key={ca.id} className={`choice${obstacle ? ' disabled' : ''}`} htmlFor={`${id}-${ca.id}`}>
              <input id={`${id}-${ca.id}`} type="radio" value={ca.id} disabled={obstacle !== undefined} {...form.register('issuerId')} />
              <span>
                <strong>{ca.name}</strong> <StatusBadge tone={words.tone}>{words.label}</StatusBadge>
                <span className="sub">{ca.subject} · {describeKeyOf(ca)} · valid until {formatDate(ca.notAfter)}{ca.isSelfSigned ? ' · root' : ' · intermediate'}</span>
                {obstacle ? <span className="sub">Cannot sign: {obstacle}</span> : null}
              </span>
            </label>
          );
        })}
      </fieldset>
      <FieldError id={`${id}-error`} message={error ? `Choose the CA that signs it (${error})` : undefined} />
      <StepActions onBack={onBack} />
    </form>
  );
}
