'use client';

import { NamespacePicker, ServicePicker, ServicePortPicker } from '../../../references/reference-pickers';
import { NumberField, useFieldValue } from '../../fields';

/** RequestMirror: a copy of each request (or a percentage of them) to another Service; its answers are dropped. */
export function MirrorFilterFields({ path }: { path: string }) {
  const ref = `${path}.backendRef`;
  const fraction = useFieldValue<unknown>(`${path}.fraction`);
  return (
    <div className="form-grid">
      <ServicePicker name={`${ref}.name`} label="Mirror to Service" namespaceField={`${ref}.namespace`} />
      <ServicePortPicker name={`${ref}.port`} label="Mirror Service port" serviceField={`${ref}.name`} namespaceField={`${ref}.namespace`} />
      <NamespacePicker name={`${ref}.namespace`} label="Mirror Service namespace" placeholder="the route's" hint="Another namespace needs a ReferenceGrant there" />
      {fraction === undefined ? (
        <NumberField name={`${path}.percent`} label="Percent of requests" min={0} max={100} placeholder="100" hint="Optional, every request by default" />
      ) : (
        <p className="hint">This mirror uses a fraction; edit it in the YAML tab.</p>
      )}
    </div>
  );
}
