'use client';

import { useQuery } from '@tanstack/react-query';
import type { CandidateKind } from '@gatehouse/domain/references/reference-check.schema';
import type { ReactNode } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { useTRPC } from '../../trpc/react';
import { candidateOptions, listenerOptions, listenerPortOptions, servicePortOptions, type CarrierPurpose } from './describe-candidate';
import { ReferencePicker } from './reference-picker';

/**
 * Reference pickers per kind, on ReferencePicker: the objects a reference may name, read from the server
 * (`references.candidates`) for the namespace the reference points into — its own namespace field when set, the
 * form's namespace otherwise.
 */

function useWatched(name: string | undefined): unknown {
  const { control } = useFormContext();
  return useWatch({ control, name: name ?? 'metadata.namespace', disabled: name === undefined });
}

/** The namespace a reference points into. */
export function useTargetNamespace(namespaceField: string | undefined): string {
  const own = useWatched(namespaceField);
  const form = useWatched('metadata.namespace');
  const pick = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return (namespaceField ? pick(own) : undefined) ?? pick(form) ?? 'default';
}

export function useCandidates(kind: CandidateKind, namespace: string | undefined) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.references.candidates.queryOptions({ kind, ...(namespace ? { namespace } : {}) }), staleTime: 10_000 });
}

interface Common {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  placeholder?: string;
  optional?: boolean;
}

const noneIn = (what: string, ns: string) => `No ${what} in ${ns} yet: type a name to refer to one made later.`;

/** parentRef name: the Gateways of the namespace, with their listeners. */
export function GatewayPicker({ name, label, hint, namespaceField }: Common & { namespaceField?: string }) {
  const ns = useTargetNamespace(namespaceField);
  const q = useCandidates('Gateway', ns);
  return <ReferencePicker name={name} label={label} hint={hint} options={candidateOptions(q.data?.items ?? [])} loading={q.isPending} emptyText={noneIn('Gateway', ns)} />;
}

/** parentRef sectionName (a listener by name) or port, from the chosen Gateway. */
export function ListenerPicker({ name, label, hint, placeholder, gatewayField, namespaceField, by }: Common & { gatewayField: string; namespaceField?: string; by: 'name' | 'port' }) {
  const ns = useTargetNamespace(namespaceField);
  const gateway = useWatched(gatewayField);
  const q = useCandidates('Gateway', ns);
  const gw = (q.data?.items ?? []).find((c) => c.name === gateway);
  const options = by === 'name' ? listenerOptions(gw) : listenerPortOptions(gw);
  return (
    <ReferencePicker
      name={name} label={label} hint={hint} placeholder={placeholder} options={options} loading={q.isPending}
      valueAs={by === 'name' ? 'optional-text' : 'number'} {...(gw ? {} : { emptyText: 'Choose a Gateway first to see its listeners.' })}
    />
  );
}

/** A Service (backendRef, policy target). */
export function ServicePicker({ name, label, hint, namespaceField }: Common & { namespaceField?: string }) {
  const ns = useTargetNamespace(namespaceField);
  const q = useCandidates('Service', ns);
  return <ReferencePicker name={name} label={label} hint={hint} options={candidateOptions(q.data?.items ?? [])} loading={q.isPending} emptyText={noneIn('Service', ns)} />;
}

/** A port of the chosen Service: its number (routes, UpstreamTLSPolicy) or its name (BackendTLSPolicy sectionName). */
export function ServicePortPicker({ name, label, hint, placeholder, serviceField, namespaceField, by = 'number', verdictFor }: Common & { serviceField: string; namespaceField?: string; by?: 'number' | 'name'; verdictFor?: string }) {
  const ns = useTargetNamespace(namespaceField);
  const service = useWatched(serviceField);
  const q = useCandidates('Service', ns);
  const svc = (q.data?.items ?? []).find((c) => c.name === service);
  return (
    <ReferencePicker
      name={name} label={label} hint={hint} placeholder={placeholder} options={servicePortOptions(svc, by)} loading={q.isPending}
      valueAs={by === 'number' ? 'number' : 'optional-text'} {...(verdictFor ? { verdictFor } : {})}
      {...(svc ? (by === 'name' ? { emptyText: 'This Service has no named ports.' } : {}) : { emptyText: 'Choose a Service first to see its ports.' })}
    />
  );
}

/** A Secret or ConfigMap, with what it holds for the purpose (ca.crt for a CA, a kubernetes.io/tls pair for a listener). */
export function CarrierPicker({ name, label, hint, kind, purpose, namespaceField, optional }: Common & { kind: 'Secret' | 'ConfigMap'; purpose: CarrierPurpose; namespaceField?: string }) {
  const ns = useTargetNamespace(namespaceField);
  const q = useCandidates(kind, ns);
  return (
    <ReferencePicker
      name={name} label={label} hint={hint} options={candidateOptions(q.data?.items ?? [], purpose)} loading={q.isPending}
      valueAs={optional ? 'optional-text' : 'text'} emptyText={noneIn(kind, ns)}
    />
  );
}

/** Any object of a kind in the form's namespace (ReferenceGrant `to`). */
export function ObjectPicker({ name, label, hint, placeholder, kind, optional }: Common & { kind: string }) {
  const ns = useTargetNamespace(undefined);
  const supported = kind === 'Service' || kind === 'Secret' || kind === 'ConfigMap' || kind === 'Gateway';
  const q = useCandidates(supported ? (kind as CandidateKind) : 'Service', ns);
  return (
    <ReferencePicker
      name={name} label={label} hint={hint} placeholder={placeholder} options={supported ? candidateOptions(q.data?.items ?? []) : []}
      loading={supported && q.isPending} valueAs={optional ? 'optional-text' : 'text'}
    />
  );
}

/** A namespace: those that exist (Namespace objects, and every namespace an object lives in). */
export function NamespacePicker({ name, label, hint, placeholder, optional = true }: Common) {
  const q = useCandidates('Namespace', undefined);
  return (
    <ReferencePicker
      name={name} label={label} hint={hint} placeholder={placeholder} options={candidateOptions(q.data?.items ?? [])} loading={q.isPending}
      valueAs={optional ? 'optional-text' : 'text'}
    />
  );
}
