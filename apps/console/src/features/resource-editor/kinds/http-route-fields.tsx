'use client';

import { ArrayField, NumberField, SelectField, StringListField, TextField, useFieldValue } from '../fields';
import type { FieldsProps } from '../resource-editor';
import { describeFilter } from '../../resource-detail/describe/describe-http-route';
import { MetadataFields } from './metadata-fields';
import { useNames } from './use-names';

const PATH_TYPES = [
  { value: 'PathPrefix', label: 'Path starts with' },
  { value: 'Exact', label: 'Path is exactly' },
  { value: 'RegularExpression', label: 'Path matches regular expression' },
];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'].map((m) => ({ value: m, label: m }));

function RuleFields({ path, index }: { path: string; index: number }) {
  const services = useNames('services');
  const filters = useFieldValue<unknown[]>(`${path}.filters`) ?? [];
  const namespace = useFieldValue<string>('metadata.namespace');
  return (
    <>
      <ArrayField name={`${path}.matches`} legend={`Rule ${index + 1}: requests that match`} itemNoun="match" hint="A request matching any one of these takes this rule; within a match every condition must hold."
        newItem={() => ({ path: { type: 'PathPrefix', value: '/' } })}>
        {(_i, m) => (
          <div className="form-grid">
            <SelectField name={`${m}.path.type`} label="Path match" options={PATH_TYPES} />
            <TextField name={`${m}.path.value`} label="Path" placeholder="/" />
            <SelectField name={`${m}.method`} label="Method" options={METHODS} optional />
          </div>
        )}
      </ArrayField>
      <ArrayField name={`${path}.backendRefs`} legend={`Rule ${index + 1}: send them to`} itemNoun="backend" hint="Traffic is split by weight; a rule without backends answers 500."
        newItem={() => ({ name: '', port: 80 })}>
        {(_i, b) => (
          <div className="form-grid">
            <TextField name={`${b}.name`} label="Service" options={services} />
            <NumberField name={`${b}.port`} label="Service port" min={1} max={65535} />
            <NumberField name={`${b}.weight`} label="Weight" min={0} placeholder="1" hint="Optional, 1 by default" />
            <TextField name={`${b}.namespace`} label="Namespace" optional placeholder="this one" hint="Another namespace needs a ReferenceGrant there" />
          </div>
        )}
      </ArrayField>
      {filters.length > 0 ? (
        <div className="callout">
          <strong>Filters</strong>
          <ul>{filters.map((f, i) => <li key={i}>{describeFilter(f, namespace)}</li>)}</ul>
          <span className="hint">Edit filters in the YAML tab.</span>
        </div>
      ) : null}
    </>
  );
}

export function HttpRouteFields({ mode }: FieldsProps) {
  const gateways = useNames('gateways');
  return (
    <>
      <MetadataFields mode={mode} />
      <ArrayField name="spec.parentRefs" legend="Attach to" itemNoun="parent Gateway" hint="The Gateways (and optionally one listener or port) this route attaches to."
        newItem={() => ({ name: '' })}>
        {(_i, p) => (
          <div className="form-grid">
            <TextField name={`${p}.name`} label="Gateway" options={gateways} />
            <TextField name={`${p}.sectionName`} label="Listener name" optional placeholder="any" />
            <NumberField name={`${p}.port`} label="Listener port" min={1} max={65535} placeholder="any" />
            <TextField name={`${p}.namespace`} label="Gateway namespace" optional placeholder="this one" />
          </div>
        )}
      </ArrayField>
      <StringListField name="spec.hostnames" label="Hostnames" placeholder="foo.example.com, *.example.org" hint="Optional; separate with commas. Empty: any hostname the listener accepts." />
      <ArrayField name="spec.rules" legend="Rules" itemNoun="rule" min={1}
        newItem={() => ({ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: '', port: 80 }] })}>
        {(i, path) => <RuleFields path={path} index={i} />}
      </ArrayField>
    </>
  );
}
