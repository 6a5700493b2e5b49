'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { RevocationReasonSchema, RevokeCertificateSchema, type RevocationReason } from '@gatehouse/domain/certificate/revoke-certificate.schema';
import { Dialog } from '../../../components/dialog';
import { errorMessageOf } from '../../../components/mutation-error';
import { toast } from '../../../components/toast';
import { useTRPC } from '../../../trpc/react';
import { REVOCATION_REASON_WORDS } from '../certificate-words';
import { domainResolver } from '../form/domain-resolver';

/** Revocation with an RFC 5280 §5.3.1 reason; it is final, so the dialog says what follows. */
export function RevokeDialog({ open, onClose, certificate, boundCount }: {
  open: boolean;
  onClose: () => void;
  certificate: { id: string; name: string; isCA: boolean };
  boundCount: number;
}) {
  const id = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<{ reason: RevocationReason }, unknown, z.output<typeof RevokeCertificateSchema>>({
    defaultValues: { reason: 'unspecified' },
    resolver: domainResolver(RevokeCertificateSchema, (v: { reason: RevocationReason }) => v),
  });
  const revoke = useMutation(trpc.certificates.revoke.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.certificates.pathFilter()) }));
  const reason = form.watch('reason');
  const submit = form.handleSubmit(async (options) => {
    try {
      await revoke.mutateAsync({ id: certificate.id, options });
      toast.success(`${certificate.name} revoked (${REVOCATION_REASON_WORDS[options.reason].label.toLowerCase()})`);
      onClose();
    } catch (e) {
      toast.error(`Not revoked: ${errorMessageOf(e)}`);
    }
  });
  return (
    <Dialog open={open} onClose={onClose} title={`Revoke ${certificate.name}`}>
      <form onSubmit={submit} noValidate>
        <p>Revocation cannot be undone. The certificate is listed in its issuer’s revocation list (CRL) from now on, and verifiers that check the CRL refuse it.</p>
        {boundCount > 0 ? <p className="callout warn">{boundCount} Secret{boundCount === 1 ? '' : 's'} made from it still hold{boundCount === 1 ? 's' : ''} it: renew it (or bind them to another certificate) so they get a valid one.</p> : null}
        {certificate.isCA ? <p className="callout warn">This is a CA: certificates it issued stay valid for verifiers that do not check its issuer’s CRL. Revoke those too if its key was compromised.</p> : null}
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason</label>
          <select id={`${id}-reason`} aria-describedby={`${id}-hint`} {...form.register('reason')}>
            {RevocationReasonSchema.options.map((r) => <option key={r} value={r}>{REVOCATION_REASON_WORDS[r].label}</option>)}
          </select>
          <span id={`${id}-hint`} className="hint">{REVOCATION_REASON_WORDS[reason].hint}</span>
        </div>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button danger" disabled={revoke.isPending}>{revoke.isPending ? 'Revoking…' : 'Revoke certificate'}</button>
        </div>
      </form>
    </Dialog>
  );
}
