'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReferenceCheck } from '@gatehouse/domain/references/reference-check.schema';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useFormContext, useWatch, type FieldValues } from 'react-hook-form';
import { useTRPC } from '../../trpc/react';
import { displayPath } from '../resource-editor/error-paths';
import { useDebouncedValue } from './use-debounced-value';

/** Kinds whose forms name other objects (issue 12 §2). */
export const REFERRING_KINDS: ReadonlySet<string> = new Set(['Gateway', 'ListenerSet', 'HTTPRoute', 'TLSRoute', 'UpstreamTLSPolicy', 'BackendTLSPolicy', 'ReferenceGrant']);

/** How long typing must pause before the draft is checked again. */
export const CHECK_DEBOUNCE_MS = 350;

interface ChecksState {
  enabled: boolean;
  checks: readonly ReferenceCheck[];
  /** A newer draft than the one checked is waiting (typing, or the request is under way). */
  pending: boolean;
}

const ChecksContext = createContext<ChecksState>({ enabled: false, checks: [], pending: false });

/** What the check reads of a draft: its identity and spec (never a Secret's data). */
export function slimDraft(obj: Record<string, unknown>): Record<string, unknown> {
  const meta = (obj.metadata ?? {}) as Record<string, unknown>;
  return { apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name: meta.name ?? '', ...(meta.namespace ? { namespace: meta.namespace } : {}) }, spec: obj.spec ?? {} };
}

/**
 * Checks the references of the object a form describes against the store, as the person types (debounced), and
 * hands the verdicts to the fields below (useReferenceCheck). Forms of kinds that name nothing ask nothing.
 */
export function ReferenceChecksProvider<V extends FieldValues>({ kind, toObject, children }: { kind: string; toObject: (values: V) => Record<string, unknown>; children: ReactNode }) {
  const trpc = useTRPC();
  const enabled = REFERRING_KINDS.has(kind);
  const { control } = useFormContext<V>();
  const values = useWatch({ control, disabled: !enabled }) as V;
  const draft = useMemo(() => (enabled ? JSON.stringify(slimDraft(toObject(values))) : ''), [enabled, toObject, values]);
  const settled = useDebouncedValue(draft, CHECK_DEBOUNCE_MS);
  const input = useMemo(() => ({ object: settled === '' ? {} : (JSON.parse(settled) as Record<string, unknown>) }), [settled]);
  const query = useQuery({ ...trpc.references.check.queryOptions(input), enabled: enabled && settled !== '', placeholderData: keepPreviousData, staleTime: 0 });
  const state = useMemo<ChecksState>(
    () => ({ enabled, checks: query.data?.checks ?? [], pending: enabled && (draft !== settled || query.isFetching) }),
    [enabled, query.data, draft, settled, query.isFetching],
  );
  return <ChecksContext.Provider value={state}>{children}</ChecksContext.Provider>;
}

/** Every verdict of the current draft. */
export function useReferenceChecks(): ChecksState {
  return useContext(ChecksContext);
}

/** The verdict about one form field (`spec.parentRefs.0.name`), if the check has one. */
export function useReferenceCheck(field: string | undefined): { check: ReferenceCheck | undefined; pending: boolean } {
  const { checks, pending } = useContext(ChecksContext);
  if (field === undefined) return { check: undefined, pending: false };
  const path = displayPath(field);
  return { check: checks.find((c) => c.field === path), pending };
}
