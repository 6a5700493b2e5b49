'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import type { CertificateDetail } from '@gatehouse/domain/certificate/certificate.schema';
import { RenewCertificateSchema } from '@gatehouse/domain/certificate/renew-certificate.schema';
import { Dialog } from '../../../components/dialog';
import { errorMessageOf } from '../../../components/mutation-error';
import { ProgressNote } from '../../../components/progress-note';
import { toast } from '../../../components/toast';
import { useTRPC } from '../../../trpc/react';
import { describeKeyOf } from '../certificate-words';
import { domainResolver } from '../form/domain-resolver';
import { FieldError } from '../wizard/step-actions';

interface RenewValues {
  newKey: boolean;
  lifetime: 'same' | 'days';
  validityDays: string;
  revokePrevious: boolean;
}

/**
 * Renewal: same subject, names, usages and lifetime, new serial and (by default) a new key of the same kind. The
 * renewed certificate gets its own page; Secrets bound to the old one are rewritten with it in the same step.
 */
export function RenewDialog({ open, onClose, certificate, boundCount }: { open: boolean; onClose: () => void; certificate: CertificateDetail; boundCount: number }) {
  const id = useId();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canNewKey = certificate.hasPrivateKey || certificate.isSelfSigned;
  const form = useForm<RenewValues, unknown, z.output<typeof RenewCertificateSchema>>({
    defaultValues: { newKey: canNewKey, lifetime: 'same', validityDays: '', revokePrevious: false },
    resolver: domainResolver(RenewCertificateSchema, (v: RenewValues) => ({
      newKey: v.newKey,
      ...(v.lifetime === 'days' ? { validityDays: v.validityDays.trim() === '' ? Number.NaN : Number(v.validityDays) } : {}),
      revokePrevious: v.revokePrevious,
    })),
  });
  const renew = useMutation(trpc.certificates.renew.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.certificates.pathFilter()) }));
  const lifetime = form.watch('lifetime');
  const days = Math.round((Date.parse(certificate.notAfter) - Date.parse(certificate.notBefore)) / 86_400_000);
  const submit = form.handleSubmit(async (options) => {
    try {
      const renewed = await renew.mutateAsync({ id: certificate.id, options });
      toast.success(`${certificate.name} renewed: new serial ${renewed.serialHex.toLowerCase()}${boundCount > 0 ? `; ${boundCount} bound Secret${boundCount === 1 ? '' : 's'} updated` : ''}`);
      for (const w of renewed.warnings) toast.info(w);
      onClose();
      router.push(`/certificates/${renewed.id}`);
    } catch (e) {
      toast.error(`Not renewed: ${errorMessageOf(e)}`);
    }
  });
  const error = form.formState.errors.validityDays?.message;
  return (
    <Dialog open={open} onClose={onClose} title={`Renew ${certificate.name}`}>
      <form onSubmit={submit} noValidate>
        <p>A new certificate with the same subject, names and usages{certificate.isSelfSigned ? '' : `, signed by the newest certificate of ${certificate.issuer}`}. {boundCount > 0 ? `The ${boundCount} Secret${boundCount === 1 ? '' : 's'} made from it will hold the new one.` : ''}</p>
        <label className="check" htmlFor={`${id}-newkey`}>
          <input id={`${id}-newkey`} type="checkbox" disabled={!canNewKey} {...form.register('newKey')} />
          <span><strong>Generate a new key</strong><span className="sub">{canNewKey ? `A new ${describeKeyOf(certificate)} key (recommended: a renewal is the moment to rotate it).` : 'Gatehouse does not hold this key, so the renewal keeps the public key of the request.'}</span></span>
        </label>
        <fieldset className="choice-list">
          <legend className="label">Lifetime</legend>
          <label className="choice" htmlFor={`${id}-same`}>
            <input id={`${id}-same`} type="radio" value="same" {...form.register('lifetime')} />
            <span><strong>The same: {days} days</strong></span>
          </label>
          <label className="choice" htmlFor={`${id}-days`}>
            <input id={`${id}-days`} type="radio" value="days" {...form.register('lifetime')} />
            <span><strong>A number of days</strong></span>
          </label>
        </fieldset>
        {lifetime === 'days' ? (
          <div className="field narrow">
            <label htmlFor={`${id}-validity`}>Valid for (days)</label>
            <input id={`${id}-validity`} type="number" min={1} max={36_500} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-validity-error` : undefined} {...form.register('validityDays')} />
            <FieldError id={`${id}-validity-error`} message={error} />
          </div>
        ) : null}
        <label className="check" htmlFor={`${id}-revoke`}>
          <input id={`${id}-revoke`} type="checkbox" {...form.register('revokePrevious')} />
          <span><strong>Revoke this certificate afterwards</strong><span className="sub">Reason “replaced” (superseded). Leave it off to let it run out while clients move over.</span></span>
        </label>
        {renew.isPending ? <ProgressNote label={form.getValues('newKey') ? `Generating a new ${describeKeyOf(certificate)} key and signing…` : 'Signing the renewal…'} /> : null}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button primary" disabled={renew.isPending}>{renew.isPending ? 'Renewing…' : 'Renew certificate'}</button>
        </div>
      </form>
    </Dialog>
  );
}
