'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { RegisterClusterSchema } from '@gatehouse/domain/cluster/cluster.schema';
import { errorMessageOf } from '../../components/mutation-error';
import { ProgressNote } from '../../components/progress-note';
import { toast } from '../../components/toast';
import { useTRPC } from '../../trpc/react';
import { domainResolver } from '../certificates/form/domain-resolver';
import { registerFieldErrors, type RegisterField } from './describe-register';
import { detailsOf } from './server-details';

interface RegisterValues {
  name: string;
  kubeconfig: string;
  context: string;
}

/**
 * Registers a cluster from a kubeconfig, read from a file or pasted. Checked in the browser with the API's own
 * schema; the server's problems (`kubeconfig.users[0].user.exec`: no exec plugins) land on the field they are about.
 * The kubeconfig is sent once, stored encrypted, and never shown again.
 */
export function RegisterClusterForm({ onCancel }: { onCancel?: (() => void) | undefined }) {
  const id = useId();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const form = useForm<RegisterValues, unknown, z.output<typeof RegisterClusterSchema>>({
    defaultValues: { name: '', kubeconfig: '', context: '' },
    resolver: domainResolver(RegisterClusterSchema, (v: RegisterValues) => ({
      name: v.name.trim(),
      kubeconfig: v.kubeconfig,
      ...(v.context.trim() ? { context: v.context.trim() } : {}),
    })),
  });
  const register = useMutation(trpc.clusters.register.mutationOptions({
    onSuccess: () => queryClient.invalidateQueries(trpc.clusters.list.pathFilter()),
  }));
  const submit = form.handleSubmit(async (body) => {
    setFormError(null);
    try {
      const cluster = await register.mutateAsync(body);
      toast.success(`Cluster ${cluster.name} registered. ${cluster.status.message}`);
      router.push(`/clusters/${encodeURIComponent(cluster.name)}`);
    } catch (e) {
      const byField = registerFieldErrors(detailsOf(e));
      for (const field of ['name', 'kubeconfig', 'context'] as const) {
        const message = byField[field];
        if (message) form.setError(field, { type: 'server', message });
      }
      const shownOnFields = (['name', 'kubeconfig', 'context'] as RegisterField[]).some((f) => byField[f]);
      setFormError(byField.form ?? (shownOnFields ? null : errorMessageOf(e)));
    }
  });
  const readFile = async (file: File | undefined) => {
    if (!file) return;
    const text = await file.text();
    setFileName(file.name);
    form.setValue('kubeconfig', text, { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
    form.clearErrors('kubeconfig');
  };
  const errors = form.formState.errors;
  const described = (field: keyof RegisterValues, hint?: boolean) => {
    const ids = [hint ? `${id}-${field}-hint` : '', errors[field] ? `${id}-${field}-error` : ''].filter(Boolean).join(' ');
    return { 'aria-invalid': errors[field] ? true : undefined, 'aria-describedby': ids || undefined };
  };
  const fieldError = (field: keyof RegisterValues) => (errors[field]?.message ? <span id={`${id}-${field}-error`} className="field-error">{errors[field]?.message}</span> : null);
  return (
    <form className="register-form" onSubmit={submit} noValidate aria-label="Register a cluster">
      {formError ? <div className="alert" role="alert">{formError}</div> : null}
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} autoComplete="off" spellCheck={false} {...described('name', true)} {...form.register('name')} />
          <span id={`${id}-name-hint`} className="hint">How Gatehouse calls it: lower case, digits and “-”, e.g. prod-eu</span>
          {fieldError('name')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-context`}>Context (optional)</label>
          <input id={`${id}-context`} autoComplete="off" spellCheck={false} {...described('context', true)} {...form.register('context')} />
          <span id={`${id}-context-hint`} className="hint">Default: the kubeconfig’s current-context</span>
          {fieldError('context')}
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-file`}>Kubeconfig file</label>
        <div className="file-row">
          <input id={`${id}-file`} type="file" aria-describedby={`${id}-file-hint`} onChange={(e) => void readFile(e.target.files?.[0])} />
          {fileName ? <span className="muted" role="status">Read {fileName} into the text below.</span> : null}
        </div>
        <span id={`${id}-file-hint`} className="hint">Or paste it below. Credentials must be embedded (token or client certificate data): exec plugins and file paths are refused.</span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-kubeconfig`}>Kubeconfig</label>
        <textarea id={`${id}-kubeconfig`} className="kubeconfig-text" rows={10} spellCheck={false} autoComplete="off" {...described('kubeconfig', true)} {...form.register('kubeconfig')} />
        <span id={`${id}-kubeconfig-hint`} className="hint">Stored encrypted; never shown again, logged or audited.</span>
        {fieldError('kubeconfig')}
      </div>
      {register.isPending ? <ProgressNote label="Registering and checking the cluster…" /> : null}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={register.isPending}>{register.isPending ? 'Registering…' : 'Register cluster'}</button>
        {onCancel ? <button type="button" className="button" onClick={onCancel}>Cancel</button> : null}
      </div>
    </form>
  );
}
