'use client';

import { useFormContext } from 'react-hook-form';
import { ArrayField, NumberField, SelectField, TextField, useFieldValue } from '../fields';
import type { FieldsProps } from '../resource-editor';
import { FrontendTlsFields } from './gateway/frontend-tls-fields';
import { ListenerTlsFields } from './gateway/listener-tls-fields';
import { MetadataFields } from './metadata-fields';
import { useNames } from './use-names';

const PROTOCOLS = ['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP'].map((p) => ({ value: p, label: p }));
const FROM = [
  { value: 'Same', label: 'The same namespace' },
  { value: 'All', label: 'Every namespace' },
  { value: 'Selector', label: 'Namespaces matching a selector (edit it in YAML)' },
];

/** One listener (of a Gateway or a ListenerSet). TLS settings appear for HTTPS and TLS only; they are removed for protocols that forbid them (CEL). */
export function ListenerFields({ path }: { path: string }) {
  const { setValue, getValues } = useFormContext();
  const protocol = useFieldValue<string>(`${path}.protocol`);
  const tls = protocol === 'HTTPS' || protocol === 'TLS';
  const onProtocol = (p: string) => {
    if (p === 'HTTPS' || p === 'TLS') {
      if (!getValues(`${path}.tls`)) setValue(`${path}.tls`, { mode: p === 'TLS' ? 'Passthrough' : 'Terminate', certificateRefs: [{ name: '' }] });
      // "tls mode must be Terminate for protocol HTTPS" (Listener CEL).
      else if (p === 'HTTPS') setValue(`${path}.tls.mode`, 'Terminate');
    } else {
      // "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']" (Listener CEL).
      setValue(`${path}.tls`, undefined);
      if (p === 'TCP' || p === 'UDP') setValue(`${path}.hostname`, undefined);
    }
  };
  return (
    <>
      <div className="form-grid">
        <TextField name={`${path}.name`} label="Listener name" />
        <SelectField name={`${path}.protocol`} label="Protocol" options={PROTOCOLS} onChange={onProtocol} />
        <NumberField name={`${path}.port`} label="Port" min={1} max={65535} />
        <TextField name={`${path}.hostname`} label="Hostname" optional placeholder="any" hint="Optional; *.example.com matches one label" />
        <SelectField name={`${path}.allowedRoutes.namespaces.from`} label="Routes allowed from" options={FROM} />
      </div>
      {tls ? <ListenerTlsFields path={`${path}.tls`} protocol={protocol} /> : null}
    </>
  );
}

export function GatewayFields({ mode }: FieldsProps) {
  const classes = useNames('gatewayclasses', 'cluster');
  const listeners = useFieldValue<{ name?: string }[]>('spec.listeners') ?? [];
  const listenerName = (i: number) => `listener ${listeners[i]?.name || i + 1}`;
  return (
    <>
      <MetadataFields mode={mode} />
      <div className="form-grid">
        <TextField name="spec.gatewayClassName" label="Gateway class" options={classes} hint="A class Gatehouse handles, or a new name (served in embedded mode)" />
      </div>
      <ArrayField name="spec.listeners" legend="Listeners" itemNoun="listener" min={1} describeItem={listenerName}
        newItem={() => ({ name: '', protocol: 'HTTP', port: 8080, allowedRoutes: { namespaces: { from: 'Same' } } })}>
        {(_i, path) => <ListenerFields path={path} />}
      </ArrayField>
      <FrontendTlsFields />
    </>
  );
}
