'use client';

import { ArrayField, TextField, useFieldValue } from '../fields';
import type { FieldsProps } from '../resource-editor';
import { ListenerFields } from './gateway-fields';
import { MetadataFields } from './metadata-fields';
import { useNames } from './use-names';

/**
 * A ListenerSet: the Gateway it joins (which must allow it in spec.allowedListeners) and its listeners, edited like a
 * Gateway's. Routes attach with a parentRef of kind ListenerSet.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenerset
 */
export function ListenerSetFields({ mode }: FieldsProps) {
  const gateways = useNames('gateways');
  const listeners = useFieldValue<{ name?: string }[]>('spec.listeners') ?? [];
  const listenerName = (i: number) => `listener ${listeners[i]?.name || i + 1}`;
  return (
    <>
      <MetadataFields mode={mode} />
      <div className="form-grid">
        <TextField name="spec.parentRef.name" label="Gateway" options={gateways} hint="Its allowedListeners must admit this namespace" />
        <TextField name="spec.parentRef.namespace" label="Gateway namespace" optional placeholder="this ListenerSet's" />
      </div>
      <ArrayField name="spec.listeners" legend="Listeners" itemNoun="listener" min={1} describeItem={listenerName}
        newItem={() => ({ name: '', protocol: 'HTTP', port: 8001, allowedRoutes: { namespaces: { from: 'Same' } } })}>
        {(_i, path) => <ListenerFields path={path} />}
      </ArrayField>
    </>
  );
}
