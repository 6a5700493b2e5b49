'use client';

import { useId, useState, type ReactNode } from 'react';
import { useFieldArray, useFormContext } from 'react-hook-form';
import { describeFilter } from '../../../resource-detail/describe/describe-http-route';
import { FieldMessage, useFieldError, useFieldValue } from '../../fields';
import { CorsFilterFields } from './cors-filter-fields';
import { HeaderModifierFields } from './header-modifier-fields';
import { MirrorFilterFields } from './mirror-filter-fields';
import { RedirectFilterFields } from './redirect-filter-fields';
import { UrlRewriteFilterFields } from './url-rewrite-filter-fields';

type Filter = { type?: string; [field: string]: unknown };

/** The filter types the form edits: their title, the field that carries them, a new one, and their inputs. */
const TYPES: Record<string, { title: string; field: string; blank: () => Record<string, unknown>; repeatable?: boolean; fields: (path: string) => ReactNode }> = {
  RequestHeaderModifier: { title: 'Request header modifier', field: 'requestHeaderModifier', blank: () => ({ set: [{ name: '', value: '' }] }), fields: (p) => <HeaderModifierFields path={p} direction="request" /> },
  ResponseHeaderModifier: { title: 'Response header modifier', field: 'responseHeaderModifier', blank: () => ({ set: [{ name: '', value: '' }] }), fields: (p) => <HeaderModifierFields path={p} direction="response" /> },
  RequestRedirect: { title: 'Redirect', field: 'requestRedirect', blank: () => ({ statusCode: 302 }), fields: (p) => <RedirectFilterFields path={p} /> },
  URLRewrite: { title: 'URL rewrite', field: 'urlRewrite', blank: () => ({}), fields: (p) => <UrlRewriteFilterFields path={p} /> },
  RequestMirror: { title: 'Request mirror', field: 'requestMirror', blank: () => ({ backendRef: { name: '', port: 80 } }), repeatable: true, fields: (p) => <MirrorFilterFields path={p} /> },
  CORS: { title: 'CORS', field: 'cors', blank: () => ({ allowOrigins: ['*'] }), fields: (p) => <CorsFilterFields path={p} /> },
};

/**
 * A rule's filters: add one of a type, edit it, remove it (order is kept; reordering is done in YAML). A filter of a
 * type the form does not edit (ExtensionRef) is described and kept as it is.
 */
export function FilterList({ path, ruleLabel }: { path: string; ruleLabel: string }) {
  const name = `${path}.filters`;
  const { control } = useFormContext();
  const { fields, append, remove } = useFieldArray({ control, name });
  const values = useFieldValue<Filter[]>(name) ?? [];
  const namespace = useFieldValue<string>('metadata.namespace');
  const ownError = useFieldError(name);
  const rootError = useFieldError(`${name}.root`);
  const listError = ownError ?? rootError;
  const pickId = `${useId()}-filter-type`;
  // Types that may appear once per list (CEL) are offered while absent.
  const offered = Object.entries(TYPES).filter(([t, d]) => d.repeatable || !values.some((f) => f.type === t));
  const [picked, setPicked] = useState('');
  const choice = offered.some(([t]) => t === picked) ? picked : (offered[0]?.[0] ?? '');
  const add = () => {
    const d = TYPES[choice];
    if (d) append({ type: choice, [d.field]: d.blank() });
  };
  return (
    <fieldset className="array-field">
      <legend>{`${ruleLabel}: filters`}</legend>
      <p className="hint">Applied in order to requests this rule takes. Filters on a single backend stay in the YAML tab.</p>
      {listError ? <p className="field-error" role="note">{listError}</p> : null}
      {fields.length === 0 ? <p className="muted">None yet.</p> : null}
      {fields.map((f, index) => {
        const filter = values[index] ?? {};
        const def = filter.type ? TYPES[filter.type] : undefined;
        const label = `filter ${index + 1}: ${def?.title ?? filter.type ?? 'unknown'}`;
        return (
          <div key={f.id} className="array-item" role="group" aria-label={label}>
            <div className="array-item-head">
              <strong>{label}</strong>
              <button type="button" className="button small" onClick={() => remove(index)} aria-label={`Remove ${label}`}>Remove</button>
            </div>
            <FieldMessage name={`${name}.${index}`} />
            {def ? def.fields(`${name}.${index}.${def.field}`) : <p className="hint">{describeFilter(filter, namespace)}. Edit this filter in the YAML tab.</p>}
          </div>
        );
      })}
      {offered.length > 0 ? (
        <div className="filter-add">
          <div className="field">
            <label htmlFor={pickId}>New filter type</label>
            <select id={pickId} value={choice} onChange={(e) => setPicked(e.target.value)}>
              {offered.map(([t, d]) => <option key={t} value={t}>{d.title}</option>)}
            </select>
          </div>
          <button type="button" className="button small" onClick={add}>Add filter</button>
        </div>
      ) : null}
    </fieldset>
  );
}
