'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { isTRPCClientError } from '@trpc/client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { SimulateRequestSchema, type SimulateRequest } from '@gatehouse/domain/simulator/simulate-request.schema';
import { EmptyState } from '../../components/empty-state';
import { errorMessageOf } from '../../components/mutation-error';
import { QueryError } from '../../components/query-error';
import { useTRPC } from '../../trpc/react';
import { detailPathErrors } from '../examples/zod-paths';
import { ExampleLoadedNote, LoadExampleForm, type LoadedExample } from '../examples/load-example-form';
import { useCan } from '../shell/session-context';
import { useNamespace } from '../shell/use-namespace';
import { SimulatorForm, type SimulatorFormValues } from './simulator-form';
import { SimulationResultView } from './simulation-result';
import './simulator.css';

/** The request named in the URL (port, method, host, path), so a link can open a simulation ready to run. */
function fromUrl(params: URLSearchParams): SimulatorFormValues {
  return {
    port: params.get('port') ?? '',
    method: params.get('method') ?? 'GET',
    host: params.get('host') ?? '',
    path: params.get('path') ?? '/',
    headers: [],
    query: [],
    draft: '',
  };
}

/**
 * The request simulator (issue 4 §8): the form, and the answer computed on the server by the worker's own
 * compileSnapshot + matchRequest. The request's basics live in the URL; headers, query and drafts do not.
 */
export function SimulatorView() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const [namespace] = useNamespace();
  const can = useCan();
  const options = useQuery(trpc.simulator.options.queryOptions());
  const [loaded, setLoaded] = useState<LoadedExample | null>(null);
  const [seed, setSeed] = useState(() => ({ key: 0, values: fromUrl(params) }));
  const run = useMutation(trpc.simulator.run.mutationOptions());
  const [submitted, setSubmitted] = useState<SimulateRequest | null>(null);
  const simulate = (request: SimulateRequest) => {
    setSubmitted(request);
    run.mutate(request);
  };
  // A link that names port, host and path (route pages, the example) runs at once, exactly once.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const v = fromUrl(params);
    if (v.port === '' || v.host === '') return;
    const parsed = SimulateRequestSchema.safeParse({ port: Number(v.port), method: v.method, host: v.host, path: v.path, ...(namespace ? { namespace } : {}) });
    if (parsed.success) simulate(parsed.data);
  });

  const onSubmit = (request: SimulateRequest, values: SimulatorFormValues) => {
    simulate(request);
    setSeed((s) => ({ ...s, values }));
    const next = new URLSearchParams(params.toString());
    next.set('port', String(request.port));
    next.set('method', request.method);
    next.set('host', request.host);
    next.set('path', request.path);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };
  const onTryPolicy = (draft: string) => {
    const values = { ...seed.values, draft };
    setSeed({ key: seed.key + 1, values });
    const parsed = SimulateRequestSchema.safeParse({ ...submitted, draft, ...(namespace ? { namespace } : {}) });
    if (parsed.success) simulate(parsed.data);
  };

  if (options.isPending) return <p className="muted" role="status">Loading listeners…</p>;
  if (options.isError) return <QueryError error={options.error} what="the listeners" />;
  const serverErrors = run.isError && isTRPCClientError(run.error) ? detailPathErrors((run.error.data as { details?: unknown } | undefined)?.details) : {};
  return (
    <>
      {options.data.listeners.length === 0 ? (
        <div className="card" style={{ marginBottom: 20 }}>
          <EmptyState title="No Gateway listener yet">
            <p>A request needs a listener to arrive on. Create a Gateway, {can.write ? 'or load the seed scenario to try the simulator on it:' : 'or ask an editor to load the Upstream TLS example.'}</p>
          </EmptyState>
          {can.write ? <LoadExampleForm defaultNamespace={namespace} onLoaded={setLoaded} /> : null}
        </div>
      ) : null}
      {loaded ? <ExampleLoadedNote loaded={loaded} onDismiss={() => setLoaded(null)} /> : null}
      <SimulatorForm
        key={seed.key}
        initial={seed.values}
        listeners={options.data.listeners}
        hosts={options.data.hosts}
        namespace={namespace}
        serverErrors={serverErrors}
        busy={run.isPending}
        onSubmit={onSubmit}
      />
      {submitted === null ? (
        <p className="muted" style={{ marginTop: 16 }}>Choose a listener port, a host and a path, then Simulate. Nothing is sent anywhere: the answer is computed from the configuration.</p>
      ) : run.isPending || run.isIdle ? (
        <p className="muted" role="status" style={{ marginTop: 16 }}>Simulating…</p>
      ) : run.isError ? (
        Object.keys(serverErrors).length > 0 ? <div className="alert" role="alert" style={{ marginTop: 16 }}>{errorMessageOf(run.error)}</div> : <QueryError error={run.error} what="the simulation" />
      ) : (
        <SimulationResultView result={run.data} onTryPolicy={onTryPolicy} />
      )}
    </>
  );
}
