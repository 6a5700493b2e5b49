'use client';

import { NamespacePicker, ServicePicker, ServicePortPicker } from '../../../references/reference-pickers';
import { ArrayField, NumberField, TextField, useFieldValue } from '../../fields';
import { FilterList } from './filter-list';
import { MatchFields } from './match-fields';

/** Filters on one backend are kept as they are and said, not edited (the YAML tab edits them). */
function BackendFiltersNote({ path }: { path: string }) {
  const n = useFieldValue<unknown[]>(`${path}.filters`)?.length ?? 0;
  if (n === 0) return null;
  return <p className="hint">{n === 1 ? 'This backend has 1 filter of its own' : `This backend has ${n} filters of its own`}; edit them in the YAML tab.</p>;
}

/** One HTTPRoute rule: what it matches, its filters, its backends and its timeouts. */
export function RuleFields({ path, index }: { path: string; index: number }) {
  const rule = `Rule ${index + 1}`;
  return (
    <>
      <ArrayField name={`${path}.matches`} legend={`${rule}: requests that match`} itemNoun="match" hint="A request matching any one of these takes this rule; within a match every condition must hold."
        newItem={() => ({ path: { type: 'PathPrefix', value: '/' } })}>
        {(_i, m) => <MatchFields path={m} />}
      </ArrayField>
      <FilterList path={path} ruleLabel={rule} />
      <ArrayField name={`${path}.backendRefs`} legend={`${rule}: send them to`} itemNoun="backend" hint="Traffic is split by weight; a rule without backends answers 500 (unless it redirects)."
        newItem={() => ({ name: '', port: 80 })}>
        {(_i, b) => (
          <>
            <div className="form-grid">
              <ServicePicker name={`${b}.name`} label="Service" namespaceField={`${b}.namespace`} />
              <ServicePortPicker name={`${b}.port`} label="Service port" serviceField={`${b}.name`} namespaceField={`${b}.namespace`} />
              <NumberField name={`${b}.weight`} label="Weight" min={0} placeholder="1" hint="Optional, 1 by default" />
              <NamespacePicker name={`${b}.namespace`} label="Service namespace" placeholder="the route's" hint="Another namespace needs a ReferenceGrant there" />
            </div>
            <BackendFiltersNote path={b} />
          </>
        )}
      </ArrayField>
      <fieldset className="array-field">
        <legend>{`${rule}: timeouts`}</legend>
        <div className="form-grid">
          <TextField name={`${path}.timeouts.request`} label="Request timeout" optional placeholder="none" hint="Optional; a duration such as 10s, 1m or 500ms (0s: none)" />
          <TextField name={`${path}.timeouts.backendRequest`} label="Backend request timeout" optional placeholder="the request timeout" hint="Optional; each try to a backend, at most the request timeout" />
        </div>
      </fieldset>
    </>
  );
}
