'use client';

import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { CertificateResult } from '@gatehouse/domain/certificate/certificate.schema';
import { errorMessageOf } from '../../../components/mutation-error';
import { ProgressNote } from '../../../components/progress-note';
import { toast } from '../../../components/toast';
import { useTRPC } from '../../../trpc/react';
import { CertificateFacts, DecodedText } from '../certificate-facts';
import { describeKeySpec } from '../certificate-words';
import { useCreateCertificate } from './use-create-certificate';
import { problemsOf, type Problem } from './problems';
import { STEP_TITLES, stepForPath, type WizardStepId } from './wizard-steps';
import { toOperation, type WizardDraft } from './wizard-draft';

const CREATE_LABELS: Record<WizardDraft['intent'], string> = {
  'root-ca': 'Create root CA', 'intermediate-ca': 'Create intermediate CA', server: 'Issue certificate', client: 'Issue certificate', 'sign-csr': 'Sign request', import: 'Import certificate',
};

/** What the server is doing while the person waits, in words (key generation is the slow part). */
export function workInProgress(d: WizardDraft, issuerName: string | undefined, phase: 'preview' | 'create'): string {
  const prefix = phase === 'preview' ? 'Preparing the preview: ' : '';
  if (d.intent === 'import') return `${prefix}reading and checking the certificate…`;
  if (d.intent === 'sign-csr') return `${prefix}signing the request with ${issuerName ?? 'the CA'}…`;
  const signer = d.intent === 'root-ca' ? 'self-signing' : `signing with ${issuerName ?? 'the CA'}`;
  return `${prefix}generating a ${describeKeySpec(d.key)} key and ${signer}…`;
}

/**
 * Review: the certificate exactly as "Create" will make it — the server runs the operation as a dry run — in words
 * and as `openssl x509 -text` shows it, with warnings and advice. Problems link back to the step that fixes them.
 */
export function ReviewStep({ draft, issuerName, onBack, onEdit, onCreated }: {
  draft: WizardDraft;
  issuerName: string | undefined;
  onBack: () => void;
  onEdit: (step: WizardStepId, problems: Problem[]) => void;
  onCreated: (result: CertificateResult, advice: string[]) => void;
}) {
  const trpc = useTRPC();
  const preview = useMutation(trpc.certificateWizard.preview.mutationOptions());
  const { create, isPending: creating } = useCreateCertificate();
  const [createProblems, setCreateProblems] = useState<Problem[]>([]);
  const operation = toOperation(draft);
  const key = JSON.stringify(operation);
  const ran = useRef<string | null>(null);
  const { mutate } = preview;
  useEffect(() => {
    // Once per distinct request (React runs effects twice in development).
    if (ran.current === key) return;
    ran.current = key;
    mutate(JSON.parse(key) as typeof operation);
  }, [key, mutate]);

  const problems = createProblems.length > 0 ? createProblems : preview.isError ? problemsOf(preview.error) : [];
  const doCreate = async () => {
    setCreateProblems([]);
    try {
      const result = await create(operation);
      toast.success(`${result.name} created`);
      onCreated(result, preview.data?.advice ?? []);
    } catch (e) {
      const p = problemsOf(e);
      setCreateProblems(p);
      toast.error(`Not created: ${errorMessageOf(e)}`);
    }
  };
  const byStep = new Map<WizardStepId, Problem[]>();
  for (const p of problems) {
    const step = stepForPath(p.path, draft.intent);
    byStep.set(step, [...(byStep.get(step) ?? []), p]);
  }
  return (
    <div className="review">
      {preview.isPending ? <ProgressNote label={workInProgress(draft, issuerName, 'preview')} /> : null}
      {problems.length > 0 ? (
        <div className="callout bad" role="alert">
          <strong>This cannot be created as it is.</strong>
          <ul className="plain-list">
            {[...byStep].map(([step, list]) => list.map((p) => (
              <li key={`${p.path}:${p.message}`}>
                {p.message}{' '}
                {step !== 'review' ? <button type="button" className="button small" onClick={() => onEdit(step, list)}>Change {STEP_TITLES[step].toLowerCase()}</button> : null}
              </li>
            )))}
          </ul>
        </div>
      ) : null}
      {preview.data ? (
        <>
          {preview.data.warnings.length > 0 ? (
            <div className="callout warn">
              <strong>Warnings</strong>
              <ul className="plain-list">{preview.data.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
            </div>
          ) : null}
          {preview.data.advice.length > 0 ? (
            <div className="callout warn">
              <strong>Worth a second look</strong>
              <ul className="plain-list">{preview.data.advice.map((w) => <li key={w}>{w}</li>)}</ul>
            </div>
          ) : null}
          <CertificateFacts c={preview.data}>
            <div><dt>Private key</dt><dd>{draft.intent === 'sign-csr' ? 'stays with the requester' : preview.data.hasPrivateKey ? 'kept by Gatehouse, encrypted' : 'none (certificate only)'}</dd></div>
            <div><dt>Renewal</dt><dd>{preview.data.autoRenew ? 'automatic, at two thirds of the lifetime' : 'by hand'}</dd></div>
          </CertificateFacts>
          <DecodedText text={preview.data.text} open />
          <p className="hint">Serial number, key and fingerprints above are from the preview; the created certificate gets its own.</p>
        </>
      ) : null}
      {creating ? <ProgressNote label={workInProgress(draft, issuerName, 'create')} /> : null}
      <div className="form-actions wizard-actions">
        <button type="button" className="button" onClick={onBack} disabled={creating}>Back</button>
        <button type="button" className="button primary" disabled={creating || preview.isPending || !preview.isSuccess} onClick={() => void doCreate()}>
          {creating ? 'Creating…' : CREATE_LABELS[draft.intent]}
        </button>
      </div>
    </div>
  );
}
