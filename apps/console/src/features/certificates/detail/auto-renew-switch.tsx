'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import type { CertificateDetail } from '@gatehouse/domain/certificate/certificate.schema';
import { CertificateSettingsSchema } from '@gatehouse/domain/certificate/certificate-settings.schema';
import { errorMessageOf } from '../../../components/mutation-error';
import { toast } from '../../../components/toast';
import { useTRPC } from '../../../trpc/react';
import { formatDate } from '../certificate-words';

/**
 * Auto-renew on/off (a switch, WAI-ARIA `role="switch"`). The server refuses it for certificates it cannot renew
 * and says why; the toast repeats that reason.
 * @see https://www.w3.org/WAI/ARIA/apg/patterns/switch/
 */
export function AutoRenewSwitch({ certificate, canChange }: { certificate: CertificateDetail; canChange: boolean }) {
  const id = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.certificates.updateSettings.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.certificates.pathFilter()) }));
  const on = certificate.autoRenew;
  const toggle = async () => {
    const settings = CertificateSettingsSchema.parse({ autoRenew: !on });
    try {
      await update.mutateAsync({ id: certificate.id, settings });
      toast.success(`Automatic renewal ${settings.autoRenew ? 'on' : 'off'} for ${certificate.name}`);
    } catch (e) {
      toast.error(`Automatic renewal not changed: ${errorMessageOf(e)}`);
    }
  };
  // Only the newest, unrevoked certificate of a lineage renews (renewal-schedule.ts).
  const closedBecause = certificate.revokedAt !== null ? 'a revoked certificate is not renewed' : certificate.supersededById !== null ? 'it was already renewed' : undefined;
  const detail = on && certificate.renewalDueAt ? `renews on ${formatDate(certificate.renewalDueAt)}` : on ? 'Gatehouse cannot renew it' : 'renew by hand';
  if (closedBecause !== undefined) return <span>{on ? `On, but ${closedBecause}` : 'Off'}</span>;
  if (!canChange) return <span>{on ? `On — ${detail}` : 'Off — renewed by hand'}</span>;
  return (
    <span className="switch-row">
      <button id={id} type="button" role="switch" aria-checked={on} className="switch" disabled={update.isPending} onClick={() => void toggle()} aria-describedby={`${id}-state`}>
        <span className="switch-knob" aria-hidden="true" />
        <span className="visually-hidden">Renew automatically</span>
      </button>
      <span id={`${id}-state`} className="muted">{detail}</span>
    </span>
  );
}
