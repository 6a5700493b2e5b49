'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { useId, useRef, useState, type ComponentType } from 'react';
import { FormProvider, useForm, type DefaultValues, type FieldValues } from 'react-hook-form';
import { ProgressNote } from '../../components/progress-note';
import { toast } from '../../components/toast';
import { useTRPC } from '../../trpc/react';
import { ReferenceChecksProvider } from '../references/reference-checks';
import { ReferenceSummary } from '../references/reference-summary';
import { codecResolver } from './codec-resolver';
import { ConflictPanel } from './conflict-panel';
import { editableObject } from './editable-object';
import { flattenErrors } from './error-paths';
import { ErrorSummary } from './error-summary';
import type { FormCodec } from './form-codec';
import { isConflict, messageOf, parseKubePath, serverProblems, type ServerProblem } from './server-errors';
import { YamlTab } from './yaml-tab';
import './resource-editor.css';

export interface EditorProps {
  mode: 'create' | 'edit';
  /** The object read from the API (edit) or a blank one with defaults (create). */
  initial: Record<string, unknown>;
  onSaved: (obj: KubeObject) => void;
  onCancel?: () => void;
  /** Shown inside another page (the endpoints of a Service): smaller headings, no page chrome. */
  embedded?: boolean;
}

export interface FieldsProps {
  mode: 'create' | 'edit';
}

type Phase = 'idle' | 'checking' | 'saving';

/**
 * Create or edit one object: a typed form (react-hook-form, validated by the kind's zod schema from
 * @gatehouse/domain) and a YAML tab kept in sync both ways. Saving asks the server for a dry run first, then
 * writes; the server's problems come back by JSON path and land beside their fields. A save over a newer version
 * (409) shows the difference and offers Reload / Overwrite.
 */
export function ResourceEditor<V extends FieldValues>({ codec, Fields, mode, initial, onSaved, onCancel, embedded = false }: EditorProps & { codec: FormCodec<V>; Fields: ComponentType<FieldsProps> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const form = useForm<V>({
    defaultValues: codec.toForm(editableObject(initial)) as DefaultValues<V>,
    resolver: codecResolver(codec),
    mode: 'onTouched',
    shouldFocusError: false,
  });
  const [tab, setTab] = useState<'form' | 'yaml'>('form');
  const [phase, setPhase] = useState<Phase>('idle');
  const [conflict, setConflict] = useState<{ mine: Record<string, unknown>; theirs: KubeObject } | null>(null);
  const [unplaced, setUnplaced] = useState<ServerProblem[]>([]);
  const summaryRef = useRef<HTMLDivElement>(null);
  const create = useMutation(trpc.resources.create.mutationOptions());
  const replace = useMutation(trpc.resources.replace.mutationOptions());
  const originalName = String((initial.metadata as { name?: unknown } | undefined)?.name ?? '');
  const errors = flattenErrors(form.formState.errors);

  // After a refused attempt the focus goes to the list of problems (it is a role=alert region as well), once.
  const focusSummary = () => setTimeout(() => summaryRef.current?.focus(), 0);

  const namespaceOf = (obj: Record<string, unknown>) => {
    const ns = (obj.metadata as { namespace?: unknown } | undefined)?.namespace;
    return codec.namespaced && typeof ns === 'string' && ns !== '' ? { namespace: ns } : {};
  };
  const send = (object: Record<string, unknown>, dryRun: boolean) =>
    mode === 'create'
      ? create.mutateAsync({ plural: codec.plural, ...namespaceOf(object), object, dryRun })
      : replace.mutateAsync({ plural: codec.plural, ...namespaceOf(object), name: originalName, object, dryRun });

  const showServerProblems = (e: unknown) => {
    const values = form.getValues();
    const left: ServerProblem[] = [];
    for (const p of serverProblems(e)) {
      const at = codec.formPath(parseKubePath(p.path), values);
      if (at) form.setError(at as Parameters<typeof form.setError>[0], { type: 'server', message: p.message });
      else left.push(p);
    }
    setUnplaced(left.length > 0 || serverProblems(e).length > 0 ? left : [{ path: '(server)', message: messageOf(e) }]);
  };

  const save = async (object: Record<string, unknown>, onlyCheck: boolean) => {
    setUnplaced([]);
    setConflict(null);
    try {
      setPhase('checking');
      await send(object, true);
      if (onlyCheck) {
        toast.success(`The server accepts this ${codec.kind} (dry run: nothing was saved).`);
        return;
      }
      setPhase('saving');
      const saved = await send(object, false);
      await Promise.all([
        queryClient.invalidateQueries(trpc.resources.pathFilter()),
        queryClient.invalidateQueries(trpc.relationships.pathFilter()),
        queryClient.invalidateQueries(trpc.references.pathFilter()),
      ]);
      toast.success(`${codec.kind} ${saved.metadata.name} ${mode === 'create' ? 'created' : 'saved'}.`);
      onSaved(saved);
    } catch (e) {
      if (isConflict(e) && mode === 'edit') {
        const theirs = await queryClient.fetchQuery({ ...trpc.resources.get.queryOptions({ plural: codec.plural, ...namespaceOf(object), name: originalName }), staleTime: 0 });
        if (theirs) {
          setConflict({ mine: object, theirs });
          toast.error(`${codec.kind} ${originalName} was changed by someone else: compare and choose.`);
          return;
        }
      }
      showServerProblems(e);
      focusSummary();
      toast.error(`${codec.kind} not ${onlyCheck ? 'accepted' : 'saved'}: ${serverProblems(e).length > 0 ? 'see the problems listed' : messageOf(e)}`);
    } finally {
      setPhase('idle');
    }
  };

  const submit = (onlyCheck: boolean) => form.handleSubmit(async (values) => save(codec.toObject(values), onlyCheck), () => {
    setUnplaced([]);
    focusSummary();
  });

  const reload = () => {
    if (!conflict) return;
    form.reset(codec.toForm(editableObject(conflict.theirs)) as DefaultValues<V>);
    setConflict(null);
    toast.info(`Reloaded ${codec.kind} ${originalName} as it is stored now.`);
  };
  const overwrite = () => {
    if (!conflict) return;
    const rv = conflict.theirs.metadata.resourceVersion;
    const mine = { ...conflict.mine, metadata: { ...(conflict.mine.metadata as Record<string, unknown>), resourceVersion: rv } };
    form.setValue('metadata.resourceVersion' as Parameters<typeof form.setValue>[0], rv as Parameters<typeof form.setValue>[1]);
    void save(mine, false);
  };

  const busy = phase !== 'idle';
  const Heading = embedded ? 'h3' : 'h2';
  return (
    <FormProvider {...form}>
      <ReferenceChecksProvider kind={codec.kind} toObject={codec.toObject}>
        <form className="resource-editor" noValidate onSubmit={(e) => void submit(false)(e)} aria-label={`${mode === 'create' ? 'New' : 'Edit'} ${codec.kind}`}>
          {conflict ? <ConflictPanel mine={conflict.mine} theirs={conflict.theirs} busy={busy} onReload={reload} onOverwrite={overwrite} onDismiss={() => setConflict(null)} /> : null}
          <ErrorSummary ref={summaryRef} errors={errors} unplaced={unplaced} onPick={(path) => { setTab('form'); setTimeout(() => form.setFocus(path as Parameters<typeof form.setFocus>[0]), 0); }} />
          <div className="tabs" role="tablist" aria-label="Edit as">
            {(['form', 'yaml'] as const).map((t) => (
              <button
                key={t} type="button" role="tab" id={`${id}-tab-${t}`} aria-controls={`${id}-panel-${t}`} aria-selected={tab === t}
                tabIndex={tab === t ? 0 : -1} className={`tab${tab === t ? ' active' : ''}`} onClick={() => setTab(t)}
                onKeyDown={(e) => {
                  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                    const next = t === 'form' ? 'yaml' : 'form';
                    setTab(next);
                    document.getElementById(`${id}-tab-${next}`)?.focus();
                  }
                }}
              >
                {t === 'form' ? 'Form' : 'YAML'}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`${id}-panel-form`} aria-labelledby={`${id}-tab-form`} hidden={tab !== 'form'} className="tab-panel">
            <Fields mode={mode} />
          </div>
          <div role="tabpanel" id={`${id}-panel-yaml`} aria-labelledby={`${id}-tab-yaml`} hidden={tab !== 'yaml'} className="tab-panel">
            <YamlTab codec={codec} active={tab === 'yaml'} Heading={Heading} />
          </div>
          <ReferenceSummary />
          {busy ? <ProgressNote label={phase === 'checking' ? 'Checking with the server (dry run)…' : 'Saving…'} /> : null}
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={busy}>{mode === 'create' ? `Create ${codec.kind}` : 'Save changes'}</button>
            <button type="button" className="button" disabled={busy} onClick={(e) => void submit(true)(e)}>Check with the server</button>
            {onCancel ? <button type="button" className="button" disabled={busy} onClick={onCancel}>Cancel</button> : null}
          </div>
        </form>
      </ReferenceChecksProvider>
    </FormProvider>
  );
}
