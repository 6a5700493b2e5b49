'use client';

import { ArrayField, KeyValueField, NumberField, PortOrNameField, SelectField, TextField } from '../fields';
import type { FieldsProps } from '../resource-editor';
import { MetadataFields } from './metadata-fields';

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].map((t) => ({ value: t, label: t }));
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'].map((t) => ({ value: t, label: t }));

export function ServiceFields({ mode }: FieldsProps) {
  return (
    <>
      <MetadataFields mode={mode} nameHint='Lower case letters, digits and "-", starting with a letter' />
      <div className="form-grid">
        <SelectField name="spec.type" label="Type" options={TYPES} />
      </div>
      <ArrayField name="spec.ports" legend="Ports" itemNoun="port" hint="Routes and TLS policies name the port (not the target port). With two or more ports each needs a name."
        newItem={() => ({ protocol: 'TCP', port: 80 })}>
        {(_i, p) => (
          <div className="form-grid">
            <NumberField name={`${p}.port`} label="Port" min={1} max={65535} />
            <PortOrNameField name={`${p}.targetPort`} label="Target port" hint="Number or container port name; the port itself if empty" />
            <SelectField name={`${p}.protocol`} label="Protocol" options={PROTOCOLS} />
            <TextField name={`${p}.name`} label="Port name" optional />
            <TextField name={`${p}.appProtocol`} label="Application protocol" optional placeholder="e.g. https" />
          </div>
        )}
      </ArrayField>
      <KeyValueField name="spec.selector" legend="Pod selector" keyLabel="Label" hint="Leave empty when the endpoints are given directly (the Endpoints section of the Service page)." />
    </>
  );
}
