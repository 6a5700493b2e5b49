'use client';

import { useEffect, useId, useMemo, useRef, useState, type ElementType } from 'react';
import { useFormContext, type DefaultValues, type FieldValues } from 'react-hook-form';
import { formatPath } from '@gatehouse/domain/errors/zod-issues';
import type { FormCodec } from './form-codec';
import { humanizeIssue } from './server-errors';
import { readYamlObject, toYaml } from './yaml-text';

/**
 * The object as YAML, kept in sync with the form both ways: form edits rewrite the text (unless the person is
 * typing in it), and text that parses as one object of the kind updates the form at once. Schema problems of the
 * current text are listed under it by path, as the API would report them.
 */
export function YamlTab<V extends FieldValues>({ codec, active, Heading }: { codec: FormCodec<V>; active: boolean; Heading: ElementType }) {
  const form = useFormContext<V>();
  const id = useId();
  const [text, setText] = useState(() => toYaml(codec.toObject(form.getValues())));
  const [problem, setProblem] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  const typing = useRef(false);

  useEffect(() => {
    const sub = form.watch((values) => {
      if (!typing.current) setText(toYaml(codec.toObject(values as V)));
      setRevision((r) => r + 1);
    });
    return () => sub.unsubscribe();
  }, [form, codec]);

  const issues = useMemo(() => {
    void revision;
    if (!active || problem) return [];
    const r = codec.schema.safeParse(codec.toObject(form.getValues()));
    return r.success ? [] : r.error.issues.map((i) => ({ path: formatPath(i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))), message: humanizeIssue(i.message) }));
  }, [active, problem, revision, codec, form]);

  const onChange = (next: string) => {
    setText(next);
    const read = readYamlObject(next, codec.kind);
    if (!read.ok) {
      setProblem(read.problem);
      return;
    }
    setProblem(null);
    form.reset(codec.toForm(read.object) as DefaultValues<V>, { keepDefaultValues: true });
  };

  return (
    <div className="yaml-tab">
      <Heading className="visually-hidden">YAML</Heading>
      <label htmlFor={`${id}-yaml`} className="label">{codec.kind} as YAML</label>
      <p className="hint" id={`${id}-hint`}>Edits here update the form as soon as the text is one valid {codec.kind} document; the form's edits show here.</p>
      <textarea
        id={`${id}-yaml`} className="mono yaml-text" value={text} spellCheck={false} rows={Math.min(40, Math.max(12, text.split('\n').length + 2))}
        aria-describedby={`${id}-hint${problem || issues.length > 0 ? ` ${id}-problems` : ''}`} aria-invalid={problem ? true : undefined}
        onFocus={() => { typing.current = true; }}
        onBlur={() => {
          typing.current = false;
          if (!problem) setText(toYaml(codec.toObject(form.getValues())));
        }}
        onChange={(e) => onChange(e.target.value)}
      />
      <div id={`${id}-problems`} aria-live="polite">
        {problem ? <p className="field-error">Not applied to the form: {problem}</p> : null}
        {issues.length > 0 ? (
          <div className="yaml-issues">
            <strong>The {codec.kind} schema reports:</strong>
            <ul>{issues.map((i) => <li key={`${i.path}:${i.message}`}><code>{i.path}</code>: {i.message}</li>)}</ul>
          </div>
        ) : null}
      </div>
    </div>
  );
}
