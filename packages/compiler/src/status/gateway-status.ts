import type { Condition } from '@gatehouse/domain/object/meta';
import type { ServedGateway } from '../compile/gateway-listeners';
import { GATEWAY_GROUP, type GatewayClassView } from '../input/gateway-input';
import type { ObjectStatus } from '../compile/object-status';
import type { BackendClientCertificateResolution } from '../compile/gateway-backend-client-certificate';
import { insecureFallbackPorts } from '../compile/listener-tls';
import type { AddressVerdict } from '../compile/gateway-addresses';
import { type ConditionContext, makeCondition } from './condition';
import { gatewayResolvedRefsCondition } from './gateway-resolved-refs';
import type { EngineName } from '../engines/engine-name';
import { supportedFeaturesStatus } from '../engines/engine-support';

/** ResolvedRefs: route kinds first, then certificate and CA references; the first cause names the reason. */
export function resolvedRefsCondition(ctx: ConditionContext, s: ServedGateway['listeners'][number]): Condition {
  const causes: Array<{ reason: string; message: string }> = [];
  if (s.invalidKinds.length > 0) causes.push({ reason: 'InvalidRouteKinds', message: `unsupported route kinds: ${s.invalidKinds.map((k) => `${k.group}/${k.kind}`).join(', ')}` });
  causes.push(...s.refProblems);
  const first = causes[0];
  if (first === undefined) return makeCondition(ctx, 'ResolvedRefs', true, 'ResolvedRefs', 'all references resolved');
  return makeCondition(ctx, 'ResolvedRefs', false, first.reason, causes.map((c) => c.message).join('; '));
}

/**
 * Gateway status: Accepted, Programmed and ResolvedRefs, plus one entry per listener with supportedKinds,
 * attachedRoutes and the Accepted / ResolvedRefs / Programmed / Conflicted conditions.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewaystatus
 */
export function buildGatewayStatus(
  gw: ServedGateway,
  now: string,
  clientCertificate: BackendClientCertificateResolution = { state: 'none' },
  addresses: AddressVerdict = { unsupported: null, notProgrammed: null, addresses: undefined },
): ObjectStatus {
  const ctx: ConditionContext = { generation: gw.gateway.meta.generation, now };
  const listeners = gw.listeners.map((s) => {
    const conditions: Condition[] = [
      s.notAccepted === null
        ? makeCondition(ctx, 'Accepted', true, 'Accepted', 'listener is valid')
        : makeCondition(ctx, 'Accepted', false, s.notAccepted.reason, s.notAccepted.message),
      resolvedRefsCondition(ctx, s),
      s.programmed
        ? makeCondition(ctx, 'Programmed', true, 'Programmed', `serving ${s.listener.protocol} on port ${s.listener.port}${describeTls(s)}`)
        : makeCondition(ctx, 'Programmed', false, 'Invalid', s.conflict?.message ?? s.notAccepted?.message ?? s.notProgrammable ?? 'listener is not valid'),
      s.conflict === null
        ? makeCondition(ctx, 'Conflicted', false, 'NoConflicts', 'no conflicts')
        : makeCondition(ctx, 'Conflicted', true, s.conflict.reason, s.conflict.message),
    ];
    return { name: s.listener.name, supportedKinds: s.supportedKinds, attachedRoutes: s.attachedRoutes.size, conditions };
  });
  const total = gw.listeners.length;
  const programmed = gw.listeners.filter((s) => s.programmed).length;
  const allValid = gw.listeners.every((s) => s.notAccepted === null && s.conflict === null);
  const conditions = [
    addresses.unsupported !== null
      ? makeCondition(ctx, 'Accepted', false, 'UnsupportedAddress', addresses.unsupported)
      : makeCondition(ctx, 'Accepted', true, allValid ? 'Accepted' : 'ListenersNotValid', allValid ? gw.classNote : `${gw.classNote}; ${total - programmed} of ${total} listener(s) are not valid`),
    addresses.notProgrammed !== null
      ? makeCondition(ctx, 'Programmed', false, addresses.notProgrammed.reason, addresses.notProgrammed.message)
      : programmed > 0
        ? makeCondition(ctx, 'Programmed', true, 'Programmed', `${programmed} of ${total} listener(s) programmed`)
        : makeCondition(ctx, 'Programmed', false, 'Invalid', 'no listener can be programmed'),
    gatewayResolvedRefsCondition(ctx, listeners, clientCertificate),
  ];
  // Present only while some validation allows insecure fallback (the spec removes it when switched back).
  const insecure = insecureFallbackPorts(gw.gateway);
  if (insecure.length > 0) {
    conditions.push(makeCondition(ctx, 'InsecureFrontendValidationMode', true, 'ConfigurationChanged', `client certificate validation allows insecure fallback (${insecure.join(', ')}): clients without a valid certificate are accepted`));
  }
  // attachedListenerSets (GEP-1713): ListenerSets that name this Gateway, are allowed and are Accepted. Written when
  // the Gateway takes ListenerSets or one names it, so Gateways that know nothing of ListenerSets keep their status.
  const attached = gw.listenerSets.filter((ls) => ls.accepted.ok).length;
  const withListenerSets = gw.listenerSets.length > 0 || gw.gateway.allowedListeners.from !== 'None' ? { attachedListenerSets: attached } : {};
  const status = { conditions, listeners, ...withListenerSets, ...(addresses.addresses === undefined ? {} : { addresses: addresses.addresses }) };
  return { group: GATEWAY_GROUP, kind: 'Gateway', namespace: gw.gateway.meta.namespace, name: gw.gateway.meta.name, status };
}

/** `engine`: the data plane enforcing the table; supportedFeatures names what it implements. */
export function buildGatewayClassStatus(cls: GatewayClassView, now: string, engine: EngineName): ObjectStatus {
  const ctx: ConditionContext = { generation: cls.meta.generation, now };
  return {
    group: GATEWAY_GROUP,
    kind: 'GatewayClass',
    namespace: '',
    name: cls.meta.name,
    status: { conditions: [makeCondition(ctx, 'Accepted', true, 'Accepted', `handled by ${cls.controllerName}`)], supportedFeatures: supportedFeaturesStatus(engine) },
  };
}

function describeTls(s: ServedGateway['listeners'][number]): string {
  if (s.tls === null) return '';
  const certs = s.tls.certificates.map((c) => `${c.secret.namespace}/${c.secret.name}`).join(', ');
  const v = s.tls.frontendValidation;
  return ` with certificate(s) ${certs}${v === null ? '' : `, client certificates validated (${v.mode}) against ${v.caSources.join(', ')}`}`;
}
