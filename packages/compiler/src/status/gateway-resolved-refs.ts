import type { Condition } from '@gatehouse/domain/object/meta';
import type { BackendClientCertificateResolution } from '../compile/gateway-backend-client-certificate';
import { type ConditionContext, makeCondition } from './condition';

/**
 * The Gateway's own ResolvedRefs: the references that belong to no listener (spec.tls.backend
 * clientCertificateRef: RefNotPermitted or InvalidClientCertificateRef), then a summary of the listeners'
 * ResolvedRefs (ListenersNotResolved). It "does not directly impact the Gateway's Accepted or Programmed
 * conditions" (v1.6.1 gateway_types.go, GatewayConditionResolvedRefs).
 */
export function gatewayResolvedRefsCondition(
  ctx: ConditionContext,
  listeners: ReadonlyArray<{ name: string; conditions: readonly Condition[] }>,
  clientCertificate: BackendClientCertificateResolution,
): Condition {
  if (clientCertificate.state === 'invalid') return makeCondition(ctx, 'ResolvedRefs', false, clientCertificate.reason, clientCertificate.message);
  const unresolved = listeners.filter((l) => l.conditions.some((c) => c.type === 'ResolvedRefs' && c.status === 'False')).map((l) => l.name);
  if (unresolved.length > 0) return makeCondition(ctx, 'ResolvedRefs', false, 'ListenersNotResolved', `listener(s) with unresolved references: ${unresolved.join(', ')}`);
  const note = clientCertificate.state === 'ok' ? `; presenting ${clientCertificate.certificate.source} to TLS backends` : '';
  return makeCondition(ctx, 'ResolvedRefs', true, 'ResolvedRefs', `all references resolved${note}`);
}
