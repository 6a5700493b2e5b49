'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isTRPCClientError } from '@trpc/client';
import Link from 'next/link';
import type { LoadExampleResult } from '../../server/services/example.service';
import { useId, useState, type FormEvent } from 'react';
import { LoadExampleSchema, type LoadExample } from '@gatehouse/domain/example/load-example.schema';
import { errorMessageOf } from '../../components/mutation-error';
import { ProgressNote } from '../../components/progress-note';
import { toast } from '../../components/toast';
import { useTRPC } from '../../trpc/react';
import { detailPathErrors, zodPathErrors } from './zod-paths';

/** Where to go after loading the example: the seed's failing request, its upstream and the picture. */
export function exampleNextSteps(namespace: string, listenerPort: number) {
  const ns = encodeURIComponent(namespace);
  return {
    simulate: `/simulator?namespace=${ns}&port=${listenerPort}&host=foo.example.com&path=%2Fheaders`,
    probe: `/probe?namespace=${ns}&service=httpbin&port=8443`,
    topology: `/topology?namespace=${ns}`,
  };
}

export type LoadedExample = LoadExampleResult & { listenerPort: number };

/** What was made, and the three ways to look at it (the seed's failing request, its upstream, the picture). */
export function ExampleLoadedNote({ loaded, onDismiss }: { loaded: LoadedExample; onDismiss?: () => void }) {
  const next = exampleNextSteps(loaded.namespace, loaded.listenerPort);
  return (
    <div className="callout ok" role="status" aria-label="Example loaded">
      <strong>The Upstream TLS example is in namespace {loaded.namespace}.</strong>
      <ul className="stack" style={{ margin: '8px 0', paddingLeft: 18 }}>
        {loaded.steps.map((s) => <li key={s.what}>{s.what}: {s.outcome}</li>)}
      </ul>
      <p style={{ margin: '0 0 8px' }}>No UpstreamTLSPolicy yet: the gateway speaks plain HTTP to httpbin, which expects HTTPS — the seed&apos;s failing step.</p>
      <div className="row">
        <Link className="button small" href={next.simulate}>Simulate foo.example.com/headers</Link>
        <Link className="button small" href={next.probe}>Probe httpbin:8443</Link>
        <Link className="button small" href={next.topology}>See the topology</Link>
        {onDismiss ? <button type="button" className="button small" onClick={onDismiss}>Dismiss</button> : null}
      </div>
    </div>
  );
}

/**
 * "Load the Upstream TLS example" (issue 4 §10): the seed scenario's objects in a namespace, up to its failing step.
 * Checked with the API's own schema before sending; progress while the CA and server keys are made. On success
 * it tells its parent (`onLoaded`), which shows ExampleLoadedNote: the form itself may go once objects exist.
 */
export function LoadExampleForm({ defaultNamespace, onLoaded }: { defaultNamespace?: string | undefined; onLoaded: (loaded: LoadedExample) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const load = useMutation(trpc.examples.loadUpstreamTls.mutationOptions({
    onSuccess: async (r, input) => {
      toast.success(`The Upstream TLS example is in namespace ${r.namespace}`);
      onLoaded({ ...r, listenerPort: input.listenerPort ?? 8000 });
      // Everything may have changed: lists, counts, certificates, the namespace picker.
      await queryClient.invalidateQueries();
    },
    onError: (e) => {
      setErrors(isTRPCClientError(e) ? detailPathErrors((e.data as { details?: unknown } | undefined)?.details) : {});
      toast.error(`The example was not loaded: ${errorMessageOf(e)}`);
    },
  }));
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const num = (k: string) => (String(f.get(k) ?? '').trim() === '' ? undefined : Number(f.get(k)));
    const parsed = LoadExampleSchema.safeParse({
      namespace: String(f.get('namespace') ?? '').trim() || undefined,
      listenerPort: num('listenerPort'),
      upstreamAddress: String(f.get('upstreamAddress') ?? '').trim() || undefined,
      upstreamPort: num('upstreamPort'),
    });
    if (!parsed.success) {
      setErrors(zodPathErrors(parsed.error));
      return;
    }
    setErrors({});
    load.mutate(parsed.data);
  };
  const field = (name: keyof LoadExample) => ({
    id: `${id}-${name}`, name, 'aria-invalid': errors[name] ? true : undefined, 'aria-describedby': `${id}-${name}-note`,
  });
  const note = (name: keyof LoadExample, hint: string) => (
    <span id={`${id}-${name}-note`} className={errors[name] ? 'field-error' : 'hint'}>{errors[name] ?? hint}</span>
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Load the Upstream TLS example">
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-namespace`}>Namespace</label>
          <input {...field('namespace')} defaultValue={defaultNamespace ?? 'httpbin'} autoComplete="off" />
          {note('namespace', 'created if it does not exist')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-listenerPort`}>Gateway listener port</label>
          <input {...field('listenerPort')} inputMode="numeric" defaultValue="8000" />
          {note('listenerPort', 'the seed uses 8000')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-upstreamAddress`}>httpbin address</label>
          <input {...field('upstreamAddress')} defaultValue="192.0.2.10" autoComplete="off" />
          {note('upstreamAddress', 'where httpbin runs; 192.0.2.10 is a placeholder')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-upstreamPort`}>httpbin port</label>
          <input {...field('upstreamPort')} inputMode="numeric" defaultValue="443" />
          {note('upstreamPort', 'its HTTPS port (targetPort 443 in the seed)')}
        </div>
      </div>
      <p className="muted" style={{ margin: '12px 0 0' }}>
        Creates a CA <strong>flomesh.io</strong> and a server certificate for <strong>foo.example.com</strong> with their Secrets, the httpbin Service and
        its endpoints, the Gateway and the HTTPRoute — and no UpstreamTLSPolicy yet, so you can see the request fail first, as in the seed.
      </p>
      {load.isPending ? <ProgressNote label="Making the CA and server keys, then the objects…" /> : null}
      {load.isError && Object.keys(errors).length === 0 ? <div className="alert" role="alert">{errorMessageOf(load.error)}</div> : null}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={load.isPending}>{load.isPending ? 'Loading…' : 'Load the Upstream TLS example'}</button>
      </div>
    </form>
  );
}
