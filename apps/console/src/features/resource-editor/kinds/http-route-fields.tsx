'use client';

import { GatewayPicker, ListenerPicker, NamespacePicker } from '../../references/reference-pickers';
import { ArrayField, StringListField } from '../fields';
import type { FieldsProps } from '../resource-editor';
import { RuleFields } from './http-route/rule-fields';
import { MetadataFields } from './metadata-fields';

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
