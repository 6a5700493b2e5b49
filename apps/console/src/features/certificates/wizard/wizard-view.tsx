'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { CertificateResult } from '@gatehouse/domain/certificate/certificate.schema';
import { EmptyState } from '../../../components/empty-state';
import { QueryError } from '../../../components/query-error';
import { useTRPC } from '../../../trpc/react';
import { useCan } from '../../shell/session-context';
import { ExtensionsStep } from './extensions-step';
import { IntentStep } from './intent-step';
import { IssuerStep } from './issuer-step';
import { KeyStep } from './key-step';
import { MaterialStep } from './material-step';
import type { Problem } from './problems';
import { OutputStep } from './output-step';
import { RequestStep } from './request-step';
import { ReviewStep } from './review-step';
import { detectSanKind } from './san-kind';
import { SansStep } from './sans-step';
import { SubjectStep } from './subject-step';
import { ValidityStep } from './validity-step';
import { csrSanEntries, isWizardIntent, keyAlgorithmOf, newDraft, SUBJECT_FIELDS, type WizardDraft, type WizardIntent } from './wizard-draft';
import { STEP_TITLES, stepsFor, summarizeStep, type WizardStepId } from './wizard-steps';

/**
 * The certificate wizard (issue 4 §4). One draft, one step at a time; every step validates with the API's own
 * schemas, the review step asks the server for a dry run, and nothing is written before "Create". `?intent=` and
 * `?issuerId=` start it pre-filled (e.g. "Issue a certificate from this CA").
 */
export function WizardView() {
  const params = useSearchParams();
  const { write } = useCan();
  const intentParam = params.get('intent');
  const [draft, setDraft] = useState<WizardDraft>(() => newDraft(isWizardIntent(intentParam) ? intentParam : 'root-ca', params.get('issuerId') ?? ''));
  const [step, setStep] = useState<WizardStepId>(isWizardIntent(intentParam) ? stepsFor(intentParam)[1] ?? 'intent' : 'intent');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [created, setCreated] = useState<{ result: CertificateResult; advice: string[] } | null>(null);
  const trpc = useTRPC();
  const cas = useQuery(trpc.certificates.list.queryOptions({ ca: 'true', limit: 500 }));
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    // Keyboard and screen-reader users land on the new step's heading, not at the top of the page.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  if (!write) {
    return (
      <EmptyState title="Creating certificates is for editors and administrators">
        <p>Your role can read the inventory. <Link href="/certificates">Back to the certificates</Link></p>
      </EmptyState>
    );
  }

  const steps = stepsFor(draft.intent);
  const index = steps.indexOf(step);
  const issuers = cas.data?.items ?? [];
  const issuer = issuers.find((c) => c.id === draft.issuerId);
  const locked = created !== null;
  const go = (to: WizardStepId, withProblems: Problem[] = []) => {
    setProblems(withProblems);
    setStep(to);
  };
  const next = (patch: Partial<WizardDraft> = {}) => {
    setDraft((d) => ({ ...d, ...patch }));
    go(steps[index + 1] ?? 'review');
  };
  const back = () => go(steps[Math.max(0, index - 1)] ?? 'intent');
  const restart = (intent: WizardIntent, issuerId = '') => {
    setCreated(null);
    setDraft(newDraft(intent, issuerId));
    go(issuerId ? (stepsFor(intent)[2] ?? 'intent') : 'intent');
  };
  const stepProblems = problems;

  const body = (() => {
    switch (step) {
      case 'intent':
        return <IntentStep intent={draft.intent} onNext={(intent) => {
          const fresh = intent === draft.intent ? draft : { ...newDraft(intent, draft.issuerId) };
          setDraft(fresh);
          go(stepsFor(intent)[1] ?? 'review');
        }} />;
      case 'issuer':
        if (cas.isPending) return <p className="muted" role="status">Loading CAs…</p>;
        if (cas.isError) return <QueryError error={cas.error} what="the CAs" />;
        return <IssuerStep intent={draft.intent} issuerId={draft.issuerId} issuers={issuers} problems={stepProblems} onBack={back}
          onNext={(issuerId) => next({ issuerId })} onMakeRoot={() => restart('root-ca')} />;
      case 'request':
        return <RequestStep csr={draft.csr} problems={stepProblems} onBack={back} onNext={(csr, view) => {
          // A new request pre-fills subject and SANs from what it asks for.
          const isNew = draft.csrView === null || csr !== draft.csr;
          const subject = { ...draft.subject };
          if (isNew) for (const f of SUBJECT_FIELDS) subject[f] = view.subject[f] ?? '';
          next({ csr, csrView: view, ...(isNew ? { subject, sans: csrSanEntries(view) } : {}) });
        }} />;
      case 'material':
        return <MaterialStep name={draft.name} material={draft.material} problems={stepProblems} onBack={back} onNext={(name, material) => next({ name, material })} />;
      case 'subject':
        return <SubjectStep intent={draft.intent} name={draft.name} subject={draft.subject} problems={stepProblems} onBack={back} onNext={(v) => {
          // A server certificate's host name is almost always its first SAN: offer it there.
          const cn = v.subject.commonName.trim();
          const prefill = draft.intent !== 'root-ca' && draft.intent !== 'intermediate-ca' && draft.intent !== 'sign-csr' && draft.sans.length === 0 && cn !== '' && !('error' in detectSanKind(cn));
          next({ name: v.name, subject: v.subject, ...(prefill ? { sans: [cn] } : {}) });
        }} />;
      case 'sans':
        return <SansStep sans={draft.sans} hasCommonName={draft.subject.commonName.trim() !== ''} isServer={draft.profile !== 'client'} problems={stepProblems} onBack={back} onNext={(sans) => next({ sans })} />;
      case 'key':
        return <KeyStep keySpec={draft.key} onBack={back} onNext={(key) => next({ key })} />;
      case 'validity':
        return <ValidityStep intent={draft.intent} profile={draft.profile} validityDays={draft.validityDays} issuer={issuer ? { name: issuer.name, notAfter: issuer.notAfter } : undefined}
          problems={stepProblems} onBack={back} onNext={(validityDays) => next({ validityDays })} />;
      case 'extensions':
        return <ExtensionsStep draft={draft} keyAlgorithm={keyAlgorithmOf(draft)} problems={stepProblems} onBack={back} onNext={(patch) => next(patch)} />;
      case 'review':
        return <ReviewStep draft={draft} issuerName={issuer?.name} onBack={back} onEdit={(s, p) => go(s, p)}
          onCreated={(result, advice) => { setCreated({ result, advice }); go('output'); }} />;
      case 'output':
        return created ? <OutputStep result={created.result} advice={created.advice} onAnother={() => restart('root-ca')} onIssueFrom={(id) => restart('server', id)} /> : null;
    }
  })();

  return (
    <div className="wizard">
      <nav className="wizard-steps" aria-label="Wizard steps">
        <ol>
          {steps.map((s, i) => {
            const state = i < index ? 'done' : i === index ? 'current' : 'todo';
            const summary = i < index || s === 'intent' ? summarizeStep(s, draft, issuer?.name) : undefined;
            const label = <><span className="step-number" aria-hidden="true">{i + 1}</span><span className="step-text"><span className="step-title">{STEP_TITLES[s]}</span>{summary ? <span className="sub">{summary}</span> : null}</span></>;
            return (
              <li key={s} className={state} aria-current={state === 'current' ? 'step' : undefined}>
                {state === 'done' && !locked ? <button type="button" className="step-link" onClick={() => go(s)}>{label}<span className="visually-hidden"> (done, change)</span></button> : <span className="step-link">{label}</span>}
              </li>
            );
          })}
        </ol>
      </nav>
      <section className="card wizard-panel" aria-labelledby="wizard-step-title">
        <h2 id="wizard-step-title" ref={heading} tabIndex={-1}>{STEP_TITLES[step]}</h2>
        {body}
      </section>
    </div>
  );
}
