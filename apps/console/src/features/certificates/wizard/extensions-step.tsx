'use client';

import { useEffect, useId } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { keyUsageLabel, extKeyUsageLabel, type KeyUsageName as LibKeyUsageName } from '@gatehouse/certs/x509/usages';
import { LeafProfileSchema, UsageOverridesSchema, type LeafProfile } from '@gatehouse/domain/certificate/certificate-fields.schema';
import { CreateRootCaSchema } from '@gatehouse/domain/certificate/create-root-ca.schema';
import { domainResolver, toFieldName } from '../form/domain-resolver';
import { FieldError, StepActions, StepProblems } from './step-actions';
import { defaultUsages, type ExtKeyUsage, type KeyUsageName, type WizardDraft } from './wizard-draft';

/** keyCertSign and cRLSign belong to CAs only (RFC 5280 §4.2.1.3); a leaf is not offered them. */
const LEAF_KEY_USAGES: KeyUsageName[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'encipherOnly', 'decipherOnly'];
const EXT_KEY_USAGES: ExtKeyUsage[] = ['serverAuth', 'clientAuth', 'codeSigning', 'emailProtection', 'timeStamping', 'OCSPSigning'];
const PROFILE_WORDS: Record<LeafProfile, string> = { server: 'Server (serverAuth)', client: 'Client (clientAuth)', 'server+client': 'Server and client (both: mutual TLS in both directions)' };

export interface ExtensionsPatch {
  profile: LeafProfile;
  keyUsage: KeyUsageName[] | null;
  extKeyUsage: ExtKeyUsage[] | null;
  pathLen: WizardDraft['pathLen'];
  autoRenew: boolean;
}

const LeafFormSchema = UsageOverridesSchema.extend({ profile: LeafProfileSchema, autoRenew: z.boolean() });
const CaFormSchema = z.object({ pathLen: CreateRootCaSchema.shape.pathLen, autoRenew: z.boolean() });

interface LeafValues { profile: LeafProfile; keyUsage: KeyUsageName[]; extKeyUsage: ExtKeyUsage[]; autoRenew: boolean }
interface CaValues { pathMode: 'default' | 'none' | 'number'; pathLen: string; autoRenew: boolean }

/** Step: what the key may be used for (leaves) or how deep the CA may delegate (CAs); pre-filled per intent. */
export function ExtensionsStep(props: {
  draft: WizardDraft;
  keyAlgorithm: 'rsa' | 'ecdsa' | 'ed25519';
  problems: readonly { path: string; message: string }[];
  onBack: () => void;
  onNext: (patch: ExtensionsPatch) => void;
}) {
  return props.draft.intent === 'root-ca' || props.draft.intent === 'intermediate-ca' ? <CaExtensions {...props} /> : <LeafExtensions {...props} />;
}

function AutoRenewField({ id, register }: { id: string; register: ReturnType<ReturnType<typeof useForm<{ autoRenew: boolean }>>['register']> }) {
  return (
    <label className="check" htmlFor={id}>
      <input id={id} type="checkbox" {...register} />
      <span><strong>Renew automatically</strong><span className="sub">At two thirds of its lifetime (cert-manager’s default); Secrets made from it follow the renewal.</span></span>
    </label>
  );
}

function CaExtensions({ draft, problems, onBack, onNext }: Parameters<typeof ExtensionsStep>[0]) {
  const id = useId();
  const root = draft.intent === 'root-ca';
  const form = useForm<CaValues, unknown, z.output<typeof CaFormSchema>>({
    defaultValues: {
      pathMode: draft.pathLen === 'default' ? 'default' : draft.pathLen === null ? 'none' : 'number',
      pathLen: typeof draft.pathLen === 'number' ? String(draft.pathLen) : '',
      autoRenew: draft.autoRenew,
    },
    resolver: domainResolver(CaFormSchema, (v: CaValues) => ({
      pathLen: v.pathMode === 'default' ? undefined : v.pathMode === 'none' ? null : v.pathLen.trim() === '' ? Number.NaN : Number(v.pathLen),
      autoRenew: v.autoRenew,
    })),
  });
  useEffect(() => {
    for (const p of problems) if (toFieldName(p.path) === 'pathLen') form.setError('pathLen', { message: p.message });
  }, [problems, form]);
  const mode = form.watch('pathMode');
  const error = form.formState.errors.pathLen?.message;
  return (
    <form onSubmit={form.handleSubmit((v) => onNext({ profile: draft.profile, keyUsage: null, extKeyUsage: null, pathLen: v.pathLen === undefined ? 'default' : v.pathLen, autoRenew: v.autoRenew }))} noValidate>
      <StepProblems problems={problems.filter((p) => toFieldName(p.path) !== 'pathLen')} />
      <p>Key usage: <strong>Certificate Sign, CRL Sign</strong> (what a CA’s key is for; set for every CA). Basic constraints: <strong>CA:TRUE</strong>.</p>
      <fieldset className="choice-list">
        <legend className="label">Path length: how many CAs may follow below this one</legend>
        <label className="choice" htmlFor={`${id}-default`}>
          <input id={`${id}-default`} type="radio" value="default" {...form.register('pathMode')} />
          <span><strong>{root ? 'Default: 1' : 'Default: 0'}</strong><span className="sub">{root ? 'One level of intermediate CAs below the root, which issue the leaf certificates.' : 'This CA issues leaf certificates only.'}</span></span>
        </label>
        <label className="choice" htmlFor={`${id}-number`}>
          <input id={`${id}-number`} type="radio" value="number" {...form.register('pathMode')} />
          <span><strong>A number</strong><span className="sub">0 = leaves only; 1 = one more level of CAs; …</span></span>
        </label>
        <label className="choice" htmlFor={`${id}-none`}>
          <input id={`${id}-none`} type="radio" value="none" {...form.register('pathMode')} />
          <span><strong>No limit</strong><span className="sub">Any CA below may create further CAs (RFC 5280 §4.2.1.9).</span></span>
        </label>
      </fieldset>
      {mode === 'number' ? (
        <div className="field narrow">
          <label htmlFor={`${id}-pathlen`}>Path length</label>
          <input id={`${id}-pathlen`} type="number" min={0} max={255} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-pathlen-error` : undefined} {...form.register('pathLen')} />
          <FieldError id={`${id}-pathlen-error`} message={error} />
        </div>
      ) : null}
      <AutoRenewField id={`${id}-renew`} register={form.register('autoRenew')} />
      <StepActions onBack={onBack} />
    </form>
  );
}

function LeafExtensions({ draft, keyAlgorithm, problems, onBack, onNext }: Parameters<typeof ExtensionsStep>[0]) {
  const id = useId();
  const initial = defaultUsages(draft.profile, keyAlgorithm);
  const form = useForm<LeafValues, unknown, z.output<typeof LeafFormSchema>>({
    defaultValues: { profile: draft.profile, keyUsage: draft.keyUsage ?? initial.keyUsage, extKeyUsage: draft.extKeyUsage ?? initial.extKeyUsage, autoRenew: draft.autoRenew },
    resolver: domainResolver(LeafFormSchema, (v: LeafValues) => v),
  });
  useEffect(() => {
    for (const p of problems) {
      const f = toFieldName(p.path).split('.')[0];
      if (f === 'keyUsage' || f === 'extKeyUsage' || f === 'profile') form.setError(f, { message: p.message });
    }
  }, [problems, form]);
  const profiles: LeafProfile[] = draft.intent === 'client' ? ['client'] : draft.intent === 'server' ? ['server', 'server+client'] : ['server', 'client', 'server+client'];
  const onProfile = (p: LeafProfile) => {
    // A new purpose brings its own usages: the defaults for it replace the current choice.
    const d = defaultUsages(p, keyAlgorithm);
    form.setValue('keyUsage', d.keyUsage);
    form.setValue('extKeyUsage', d.extKeyUsage);
  };
  const { errors } = form.formState;
  const submit = form.handleSubmit((v) => {
    const d = defaultUsages(v.profile, keyAlgorithm);
    const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
    onNext({
      profile: v.profile,
      keyUsage: same(v.keyUsage ?? [], d.keyUsage) ? null : (v.keyUsage ?? []),
      extKeyUsage: same(v.extKeyUsage ?? [], d.extKeyUsage) ? null : (v.extKeyUsage ?? []),
      pathLen: 'default',
      autoRenew: v.autoRenew,
    });
  });
  return (
    <form onSubmit={submit} noValidate>
      <StepProblems problems={problems.filter((p) => !/^(input\.)?(keyUsage|extKeyUsage|profile)/.test(p.path))} />
      {profiles.length > 1 ? (
        <fieldset className="choice-list">
          <legend className="label">Purpose</legend>
          {profiles.map((p) => (
            <label key={p} className="choice" htmlFor={`${id}-${p}`}>
              <input id={`${id}-${p}`} type="radio" value={p} {...form.register('profile', { onChange: (e: { target: { value: string } }) => onProfile(e.target.value as LeafProfile) })} />
              <span><strong>{PROFILE_WORDS[p]}</strong></span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="grid-2 plain">
        <fieldset className="check-list" aria-describedby={errors.keyUsage ? `${id}-ku-error` : undefined}>
          <legend className="label">Key usage</legend>
          {LEAF_KEY_USAGES.map((u) => (
            <label key={u} className="check" htmlFor={`${id}-ku-${u}`}>
              <input id={`${id}-ku-${u}`} type="checkbox" value={u} {...form.register('keyUsage')} />
              <span>{keyUsageLabel(u as LibKeyUsageName)}</span>
            </label>
          ))}
          <FieldError id={`${id}-ku-error`} message={errors.keyUsage?.message} />
        </fieldset>
        <fieldset className="check-list" aria-describedby={errors.extKeyUsage ? `${id}-eku-error` : undefined}>
          <legend className="label">Extended key usage</legend>
          {EXT_KEY_USAGES.map((u) => (
            <label key={u} className="check" htmlFor={`${id}-eku-${u}`}>
              <input id={`${id}-eku-${u}`} type="checkbox" value={u} {...form.register('extKeyUsage')} />
              <span>{extKeyUsageLabel(u)}</span>
            </label>
          ))}
          <FieldError id={`${id}-eku-error`} message={errors.extKeyUsage?.message} />
        </fieldset>
      </div>
      <p className="hint">Pre-filled for the purpose{keyAlgorithm === 'rsa' ? ' (RSA servers also get Key Encipherment for TLS 1.2 RSA key exchange)' : ''}. Left as they are, the server applies the same defaults.</p>
      {draft.intent !== 'sign-csr' ? <AutoRenewField id={`${id}-renew`} register={form.register('autoRenew')} /> : null}
      <StepActions onBack={onBack} />
    </form>
  );
}
