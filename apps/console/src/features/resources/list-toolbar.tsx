'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useId } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ListFilterSchema, type ListSort } from '@gatehouse/domain/object/list-filter.schema';
import type { ListFilterState } from './use-list-filter';

const SORT_LABELS: Record<ListSort, string> = {
  name: 'Name (A–Z)',
  '-name': 'Name (Z–A)',
  created: 'Oldest first',
  '-created': 'Newest first',
};

// The same field rules the server applies (domain ListFilterSchema), so errors show inline before a request.
const ToolbarSchema = z.object({ sort: ListFilterSchema.shape.sort, q: ListFilterSchema.shape.q, labels: ListFilterSchema.shape.labelSelector });
type ToolbarValues = z.input<typeof ToolbarSchema>;

/**
 * Sort, name filter and label selector above a list. Sort applies on change; the text filters on Enter or
 * "Filter", so typing does not start a request per keystroke.
 */
export function ListToolbar({ noun, value, onChange }: { noun: string; value: ListFilterState; onChange: (next: ListFilterState) => void }) {
  const id = useId();
  const form = useForm<ToolbarValues>({ resolver: zodResolver(ToolbarSchema), defaultValues: value });
  const { register, handleSubmit, reset, formState: { errors } } = form;
  // Back/forward or a link changes the URL: show what the list is filtered by now.
  const { sort, q, labels } = value;
  useEffect(() => reset({ sort, q, labels }), [reset, sort, q, labels]);
  const apply = handleSubmit((v) => onChange({ sort: v.sort ?? 'name', q: v.q ?? '', labels: v.labels ?? '' }));
  const labelsError = errors.labels?.message;
  return (
    <form className="form-grid filters list-toolbar" role="search" aria-label={`Sort and filter ${noun}`} onSubmit={apply} noValidate>
      <div className="field">
        <label htmlFor={`${id}-sort`}>Sort by</label>
        <select id={`${id}-sort`} {...register('sort', { onChange: () => void apply() })}>
          {(Object.keys(SORT_LABELS) as ListSort[]).map((s) => <option key={s} value={s}>{SORT_LABELS[s]}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-q`}>Name contains</label>
        <input id={`${id}-q`} type="search" autoComplete="off" placeholder="e.g. httpbin" aria-invalid={errors.q ? 'true' : 'false'}
          aria-describedby={errors.q ? `${id}-q-error` : undefined} {...register('q')} />
        {errors.q && <span id={`${id}-q-error`} className="field-error">{errors.q.message}</span>}
      </div>
      <div className="field">
        <label htmlFor={`${id}-labels`}>Labels</label>
        <input id={`${id}-labels`} type="search" autoComplete="off" placeholder="app=web,tier!=db" title="key=value, key!=value, key or !key, joined by commas" aria-invalid={labelsError ? 'true' : 'false'}
          aria-describedby={`${id}-labels-${labelsError ? 'error' : 'hint'}`} {...register('labels')} />
        {labelsError
          ? <span id={`${id}-labels-error`} className="field-error">{labelsError}</span>
          : <span id={`${id}-labels-hint`} className="hint">key=value, key!=value, key or !key, joined by commas</span>}
      </div>
      <div className="field list-toolbar-actions">
        <span className="label" aria-hidden="true">&nbsp;</span>
        <div className="row">
          <button type="submit" className="button small">Filter</button>
          {(value.q || value.labels || value.sort !== 'name') && (
            <button type="button" className="button small" onClick={() => onChange({ sort: 'name', q: '', labels: '' })}>Clear</button>
          )}
        </div>
      </div>
    </form>
  );
}
