'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { errorMessageOf } from '../../components/mutation-error';
import { ProgressNote } from '../../components/progress-note';
import { toast } from '../../components/toast';
import { useTRPC } from '../../trpc/react';
import { useNamespace } from '../shell/use-namespace';
import { groupImport, objectKeyOf, objectLabel, parseNamespaces, summarizeImport } from './describe-plan';
import { NamespacesField } from './namespaces-field';
import { useClusterPushInvalidation } from './plan-push-panel';
import { namespacesErrorOf } from './server-details';

interface ImportAnswer {
  dryRun: boolean;
  results: { apiVersion: string; kind: string; namespace?: string | undefined; name: string; outcome: string }[];
  skipped: { kind: string; namespace?: string | undefined; name: string; reason: string }[];
}

/**
 * Reads cluster namespaces into Gatehouse: Preview (a dry run) says what would be created or changed and what is
 * skipped and why; Import applies it (validated and audited like any change). Secret values only for admins.
 */
export function ImportPanel({ cluster, manage }: { cluster: string; manage: boolean }) {
  const id = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [pickerNamespace] = useNamespace();
  const [text, setText] = useState(pickerNamespace ?? '');
  const [secrets, setSecrets] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [answer, setAnswer] = useState<{ scope: string; secrets: boolean; result: ImportAnswer } | null>(null);
  const invalidate = useClusterPushInvalidation();
  const run = useMutation(trpc.clusters.import.mutationOptions({
    onSuccess: (r) => (r.dryRun ? undefined : Promise.all([invalidate(), queryClient.invalidateQueries(trpc.resources.pathFilter())])),
  }));

  const go = async (dryRun: boolean) => {
    const namespaces = parseNamespaces(text);
    setFieldError(undefined);
    if (namespaces.length === 0) {
      setFieldError('Required value: at least one namespace');
      return;
    }
    try {
      const result = await run.mutateAsync({ name: cluster, body: { namespaces, dryRun, includeSecretValues: manage && secrets } });
      setAnswer({ scope: namespaces.join(', '), secrets: manage && secrets, result });
      if (!dryRun) toast.success(summarizeImport(result));
    } catch (e) {
      const nsError = namespacesErrorOf(e, namespaces);
      if (nsError) setFieldError(nsError);
      else toast.error(`${dryRun ? 'No preview' : 'Not imported'}: ${errorMessageOf(e)}`);
    }
  };
  // Import applies what was previewed: the same namespaces and the same choice about Secret values.
  const previewed = answer?.result.dryRun === true && answer.scope === parseNamespaces(text).join(', ') && answer.secrets === (manage && secrets);
  const r = answer?.result;
  return (
    <div className="cluster-panel">
      <section className="card" aria-labelledby={`${id}-heading`}>
        <h2 id={`${id}-heading`}>Import from {cluster}</h2>
        <p className="muted">Gateway API objects, UpstreamTLSPolicies, ConfigMaps and Services (kept as references) of cluster namespaces become Gatehouse’s, in the namespaces of the same names. Objects the cluster had before are never marked as Gatehouse’s, so a prune never deletes them.</p>
        <form className="scope-form" onSubmit={(e) => { e.preventDefault(); void go(true); }} noValidate>
          <NamespacesField id={`${id}-ns`} value={text} onChange={setText} error={fieldError} hint="Cluster namespaces to read, separated by commas." />
          {manage ? (
            <label className="check" htmlFor={`${id}-secrets`}>
              <input id={`${id}-secrets`} type="checkbox" checked={secrets} onChange={(e) => setSecrets(e.target.checked)} />
              <span><strong>Include Secret values</strong><span className="sub">Secrets are skipped unless you ask (service account tokens always are).</span></span>
            </label>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button" disabled={run.isPending}>Preview</button>
            <button type="button" className="button primary" disabled={run.isPending || !previewed} onClick={() => void go(false)}
              title={previewed ? undefined : 'Preview first: Import applies what the preview showed'}>Import</button>
          </div>
        </form>
        {!manage ? <p className="muted">Secrets are skipped: only an administrator can import their values.</p> : null}
        {run.isPending ? <ProgressNote label={`Reading namespaces from ${cluster}…`} /> : null}
      </section>
      {r ? (
        <section className="card" aria-labelledby={`${id}-result-heading`}>
          <h2 id={`${id}-result-heading`}>{r.dryRun ? 'Preview' : 'Imported'}: {answer?.scope}</h2>
          <p className="plan-summary" role="status">{summarizeImport(r)}</p>
          {groupImport(r.results, r.dryRun).map((g) => (
            <section key={g.outcome} className="plan-group" aria-label={g.heading}>
              <h3>{g.heading[0]!.toUpperCase()}{g.heading.slice(1)} ({g.items.length})</h3>
              <ul className="object-list">
                {g.items.map((o) => <li key={objectKeyOf(o)} className="object-row"><span className="object-name">{objectLabel(o)}</span></li>)}
              </ul>
            </section>
          ))}
          {r.skipped.length > 0 ? (
            <div className="plan-group">
              <h3>Skipped ({r.skipped.length})</h3>
              <div className="table-wrap">
                <table className="skipped-table">
                  <caption className="visually-hidden">Objects read but not imported, with the reason</caption>
                  <thead><tr><th scope="col">Object</th><th scope="col">Why</th></tr></thead>
                  <tbody>{r.skipped.map((s) => <tr key={objectKeyOf(s)}><td>{objectLabel(s)}</td><td>{s.reason}</td></tr>)}</tbody>
                </table>
              </div>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
