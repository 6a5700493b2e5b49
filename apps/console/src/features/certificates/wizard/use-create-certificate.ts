'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CertificateResult } from '@gatehouse/domain/certificate/certificate.schema';
import { useTRPC } from '../../../trpc/react';
import type { OperationRequest } from './wizard-draft';

/** "Create" for every intent: the operation's own procedure (and so its service and audit event), never a preview. */
export function useCreateCertificate(): { create: (op: OperationRequest) => Promise<CertificateResult>; isPending: boolean } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries(trpc.certificates.pathFilter());
  const root = useMutation(trpc.certificates.createRootCa.mutationOptions({ onSuccess }));
  const intermediate = useMutation(trpc.certificates.createIntermediateCa.mutationOptions({ onSuccess }));
  const issue = useMutation(trpc.certificates.issue.mutationOptions({ onSuccess }));
  const sign = useMutation(trpc.certificates.signCsr.mutationOptions({ onSuccess }));
  const imported = useMutation(trpc.certificates.import.mutationOptions({ onSuccess }));
  const create = (op: OperationRequest): Promise<CertificateResult> => {
    switch (op.intent) {
      case 'root-ca': return root.mutateAsync(op.input);
      case 'intermediate-ca': return intermediate.mutateAsync(op.input);
      case 'issue': return issue.mutateAsync(op.input);
      case 'sign-csr': return sign.mutateAsync(op.input);
      case 'import': return imported.mutateAsync(op.input);
    }
  };
  return { create, isPending: root.isPending || intermediate.isPending || issue.isPending || sign.isPending || imported.isPending };
}
