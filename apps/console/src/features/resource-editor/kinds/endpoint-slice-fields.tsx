'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../trpc/react';
import { asArr, asObj, asStr } from '../../resources/read-object';
import { ArrayField, CheckboxField, NumberField, SelectField, TextField, useFieldValue } from '../fields';
import type { FieldsProps } from '../resource-editor';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const ADDRESS_TYPES = [{ value: 'IPv4', label: 'IPv4' }, { value: 'IPv6', label: 'IPv6' }, { value: 'FQDN', label: 'Host name (FQDN)' }];

/**
 * The endpoints of a Service, as one EndpointSlice: the addresses traffic goes to and, per Service port (matched
 * by port name, "" for an unnamed port), the port to dial on them.
 * @see https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/
 */
export function EndpointSliceFields({ mode }: FieldsProps) {
  const trpc = useTRPC();
  const namespace = useFieldValue<string>('metadata.namespace');
  const labels = useFieldValue<Record<string, string>>('metadata.labels');
  const service = labels?.[SERVICE_NAME_LABEL] ?? '';
  const svc = useQuery({ ...trpc.resources.get.queryOptions({ plural: 'services', namespace: namespace ?? '', name: service }), enabled: Boolean(namespace && service) });
  const portNames = asArr(asObj(svc.data?.spec)?.ports).map((p) => asStr(asObj(p)?.name) ?? '');
  const options = [...new Set(['', ...portNames])].map((n) => ({ value: n, label: n === '' ? '(unnamed port)' : n }));
  return (
    <>
      <div className="form-grid">
        <TextField name="metadata.name" label="Slice name" disabled={mode === 'edit'} />
        <SelectField name="addressType" label="Address type" options={ADDRESS_TYPES} />
      </div>
      <ArrayField name="endpoints" legend="Addresses" itemNoun="address" newItem={() => ({ addresses: [''], conditions: { ready: true } })}>
        {(_i, e) => (
          <div className="form-grid">
            <TextField name={`${e}.addresses.0`} label="Address" placeholder="10.0.0.12" />
            <CheckboxField name={`${e}.conditions.ready`} label="Ready" hint="Only ready addresses get traffic" />
          </div>
        )}
      </ArrayField>
      <ArrayField name="ports" legend="Ports to dial" itemNoun="port" hint="For each Service port (by its name), the port the addresses listen on."
        newItem={() => ({ name: '', protocol: 'TCP', port: 443 })}>
        {(_i, p) => (
          <div className="form-grid">
            <SelectField name={`${p}.name`} label="For Service port" options={options} />
            <NumberField name={`${p}.port`} label="Port on the addresses" min={1} max={65535} />
          </div>
        )}
      </ArrayField>
    </>
  );
}
