'use client';

import { ArrayField, SelectField, TextField } from '../../fields';

const PATH_TYPES = [
  { value: 'PathPrefix', label: 'Path starts with' },
  { value: 'Exact', label: 'Path is exactly' },
  { value: 'RegularExpression', label: 'Path matches regular expression' },
];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'].map((m) => ({ value: m, label: m }));
const VALUE_TYPES = [
  { value: 'Exact', label: 'Is exactly' },
  { value: 'RegularExpression', label: 'Matches regular expression' },
];

/** Header or query-parameter conditions of one match: name, Exact/RegularExpression, value. */
function NameValueMatches({ name, legend, noun, nameLabel }: { name: string; legend: string; noun: string; nameLabel: string }) {
  return (
    <ArrayField name={name} legend={legend} itemNoun={noun} newItem={() => ({ name: '', type: 'Exact', value: '' })}>
      {(_i, p) => (
        <div className="form-grid">
          <TextField name={`${p}.name`} label={nameLabel} />
          <SelectField name={`${p}.type`} label="Comparison" options={VALUE_TYPES} />
          <TextField name={`${p}.value`} label="Value" />
        </div>
      )}
    </ArrayField>
  );
}

/** One HTTPRouteMatch: path, method, headers and query parameters (all must hold). */
export function MatchFields({ path }: { path: string }) {
  return (
    <>
      <div className="form-grid">
        <SelectField name={`${path}.path.type`} label="Path match" options={PATH_TYPES} />
        <TextField name={`${path}.path.value`} label="Path" placeholder="/" />
        <SelectField name={`${path}.method`} label="Method" options={METHODS} optional />
      </div>
      <NameValueMatches name={`${path}.headers`} legend="Headers" noun="header condition" nameLabel="Header name" />
      <NameValueMatches name={`${path}.queryParams`} legend="Query parameters" noun="query parameter condition" nameLabel="Parameter name" />
    </>
  );
}
