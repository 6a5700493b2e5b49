'use client';

import { GatewayPicker, ListenerPicker, NamespacePicker, ServicePicker, ServicePortPicker } from '../../references/reference-pickers';
import { FieldVerdict } from '../../references/reference-verdict';
import { ArrayField, NumberField, SelectField, StringListField, TextField, useFieldValue } from '../fields';
import type { FieldsProps } from '../resource-editor';
import { describeFilter } from '../../resource-detail/describe/describe-http-route';
import { MetadataFields } from './metadata-fields';

const PATH_TYPES = [
  { value: 'PathPrefix', label: 'Path starts with' },
  { value: 'Exact', label: 'Path is exactly' },
  { value: 'RegularExpression', label: 'Path matches regular expression' },
];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'].map((m) => ({ value: m, label: m }));

function RuleFields({ path, index }: { path: string; index: number }) {
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
            <ServicePicker name={`${b}.name`} label="Service" namespaceField={`${b}.namespace`} />
            <ServicePortPicker name={`${b}.port`} label="Service port" serviceField={`${b}.name`} namespaceField={`${b}.namespace`} />
            <NumberField name={`${b}.weight`} label="Weight" min={0} placeholder="1" hint="Optional, 1 by default" />
            <NamespacePicker name={`${b}.namespace`} label="Service namespace" placeholder="the route's" hint="Another namespace needs a ReferenceGrant there" />
          </div>
        )}
      </ArrayField>
      {filters.length > 0 ? (
        <div className="callout">
          <strong>Filters</strong>
          <ul>{filters.map((f, i) => <li key={i}>{describeFilter(f, namespace)}<FieldVerdict field={`${path}.filters.${i}.requestMirror.backendRef.name`} /></li>)}</ul>
          <span className="hint">Edit filters in the YAML tab.</span>
        </div>
      ) : null}
    </>
  );
}

export function HttpRouteFields({ mode }: FieldsProps) {
  return (
    <>
      <MetadataFields mode={mode} />
      <ArrayField name="spec.parentRefs" legend="Attach to" itemNoun="parent Gateway" hint="The Gateways (and optionally one listener or port) this route attaches to."
        newItem={() => ({ name: '' })}>
        {(_i, p) => (
          <div className="form-grid">
            <GatewayPicker name={`${p}.name`} label="Gateway" namespaceField={`${p}.namespace`} />
            <ListenerPicker name={`${p}.sectionName`} label="Listener name" placeholder="any" by="name" gatewayField={`${p}.name`} namespaceField={`${p}.namespace`} />
            <ListenerPicker name={`${p}.port`} label="Listener port" placeholder="any" by="port" gatewayField={`${p}.name`} namespaceField={`${p}.namespace`} />
            <NamespacePicker name={`${p}.namespace`} label="Gateway namespace" placeholder="the route's" />
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
