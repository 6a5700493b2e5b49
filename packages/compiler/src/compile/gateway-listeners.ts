import { GATEWAY_GROUP, type GatewayView, type ListenerView, type RouteGroupKind } from '../input/gateway-input';
import { keyOf } from '../input/object-meta';
import type { ListenerSetView } from '../input/listener-set-input';
import type { SnapshotIndex } from '../input/snapshot-index';
import type { EngineName } from '../engines/engine-name';
import { constructSupport, describeUnsupported, type TableConstruct } from '../engines/engine-support';
import type { ListenerTls, TlsListenerMode } from '../routing-table/routing-table';
import { evaluateListenerSetsOf, type ServedListenerSet } from './listener-sets';
import { type RefProblem, resolveFrontendValidation, resolveListenerCertificates } from './listener-tls';

/**
 * Listener protocols this worker serves and the route kinds each accepts (HTTPS: HTTP with TLS terminated here;
 * TLS: TLSRoute, passthrough or terminated; TCP and UDP are not served).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#protocoltype
 */
const SUPPORTED_PROTOCOLS: Readonly<Record<string, readonly RouteGroupKind[]>> = {
  HTTP: [{ group: GATEWAY_GROUP, kind: 'HTTPRoute' }],
  HTTPS: [{ group: GATEWAY_GROUP, kind: 'HTTPRoute' }],
  TLS: [{ group: GATEWAY_GROUP, kind: 'TLSRoute' }],
};

export interface ListenerState {
  /** The Gateway whose address serves the listener (a ListenerSet's parent for its listeners). */
  gateway: GatewayView;
  /** The ListenerSet that declares the listener; null for the Gateway's own listeners. */
  listenerSet: ListenerSetView | null;
  listener: ListenerView;
  supportedKinds: RouteGroupKind[];
  invalidKinds: RouteGroupKind[];
  /** Accepted=False reason (PortUnavailable, UnsupportedProtocol, UnsupportedValue, NoValidCACertificate); null when accepted. */
  notAccepted: { reason: string; message: string } | null;
  /** ResolvedRefs=False causes from certificateRefs and frontend CA refs (route kinds are `invalidKinds`). */
  refProblems: RefProblem[];
  /** HTTPS and TLS Terminate: the certificates and client validation to serve with; null otherwise or when none is usable. */
  tls: ListenerTls | null;
  /** `protocol: TLS` listeners: how TLSRoute connections are handled; null on HTTP and HTTPS listeners. */
  tlsMode: TlsListenerMode | null;
  /** Why an accepted, conflict-free listener still cannot be programmed (no usable certificate). */
  notProgrammable: string | null;
  conflict: { reason: 'HostnameConflict' | 'ProtocolConflict'; message: string } | null;
  programmed: boolean;
  /** Keys of the routes attached to this listener (attachedRoutes = size). */
  attachedRoutes: Set<string>;
}

export interface ServedGateway {
  gateway: GatewayView;
  key: string;
  /** Why this Gateway is served (for the Accepted message). */
  classNote: string;
  /** The Gateway's own listeners (`status.listeners`). */
  listeners: ListenerState[];
  /** ListenerSets whose parentRef names this Gateway, in merge precedence order (GEP-1713). */
  listenerSets: ServedListenerSet[];
}

/**
 * Embedded mode serves every Gateway except those whose GatewayClass exists and belongs to another
 * controller: those are someone else's and get no status from us.
 */
export function selectServedGateways(ix: SnapshotIndex, controllerName: string): Array<{ gateway: GatewayView; classNote: string }> {
  const out: Array<{ gateway: GatewayView; classNote: string }> = [];
  for (const gateway of ix.gateways) {
    const cls = ix.gatewayClasses.get(gateway.gatewayClassName);
    if (cls !== undefined && cls.controllerName !== controllerName) continue;
    out.push({
      gateway,
      classNote: cls === undefined
        ? `GatewayClass "${gateway.gatewayClassName}" does not exist; served by ${controllerName} in embedded mode`
        : `GatewayClass "${gateway.gatewayClassName}" is handled by ${controllerName}`,
    });
  }
  return out;
}

function resolveKinds(listener: ListenerView, protocolKinds: readonly RouteGroupKind[]): { supported: RouteGroupKind[]; invalid: RouteGroupKind[] } {
  if (listener.kinds === undefined) return { supported: [...protocolKinds], invalid: [] };
  const supported: RouteGroupKind[] = [];
  const invalid: RouteGroupKind[] = [];
  for (const k of listener.kinds) {
    const ok = protocolKinds.some((p) => p.group === k.group && p.kind === k.kind);
    (ok ? supported : invalid).push({ group: k.group, kind: k.kind });
  }
  return { supported, invalid };
}

/** Port → the protocols that claimed it and the hostnames already served there (with who serves them). */
export type PortClaims = Map<number, { protocols: Set<string>; hostnames: Map<string, string> }>;

/**
 * HTTPS and TLS Passthrough listeners may share a port: the ClientHello's server name picks the listener before any
 * byte is answered, so the TLS port server either splices the connection (TLSRoute) or hands it to the port's HTTPS
 * server. The spec leaves such combinations to implementations ("Compatible Listeners", Extended); the provisional
 * conformance test GatewayHTTPSAndTLSPassthroughSamePort pins this one. TLS Terminate beside HTTPS is not offered.
 */
function compatibleOnOnePort(a: string, b: string): boolean {
  const pair = new Set([a, b]);
  return pair.size === 2 && pair.has('HTTPS') && pair.has('TLS (Passthrough)');
}

/**
 * Validates listeners and resolves conflicts across all served Gateways. In embedded mode every Gateway
 * shares the worker's address, so two listeners on one port conflict as they would inside one Gateway:
 * a different protocol is a ProtocolConflict, the same hostname a HostnameConflict. The older Gateway
 * (then lower listener index) keeps the port. A Gateway's ListenerSets follow its own listeners, oldest
 * ListenerSet first (GEP-1713: "parent" Gateway, then creation time, then `{namespace}/{name}`).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenerconditiontype (Conflicted)
 */
export function evaluateListeners(ix: SnapshotIndex, gateways: Array<{ gateway: GatewayView; classNote: string }>, engine: EngineName): ServedGateway[] {
  const claims: PortClaims = new Map();
  /** Ports with TLS listeners in both modes (mixed termination, the experimental TLSRouteModeMixed feature). */
  const mixedTlsPorts = new Set<number>();
  const served = gateways.map(({ gateway, classNote }) => {
    const gwKey = keyOf(gateway.meta.namespace, gateway.meta.name);
    const judge = (listenerSet: ListenerSetView | null, listener: ListenerView) => evaluateListener(ix, gateway, listenerSet, listener, claims, mixedTlsPorts, engine);
    const listeners = gateway.listeners.map((listener) => judge(null, listener));
    const listenerSets = evaluateListenerSetsOf(ix, gateway, judge);
    return { gateway, key: gwKey, classNote, listeners, listenerSets };
  });
  // Without TLSRouteModeMixed, every TLS listener of a port that mixes Passthrough and Terminate is refused:
  // Accepted=False with reason ProtocolConflict (conformance TLSRouteListenerMixedTerminationNotSupported).
  for (const gw of served) {
    for (const s of [...gw.listeners, ...gw.listenerSets.flatMap((ls) => ls.listeners)]) {
      if (s.tlsMode === null || !mixedTlsPorts.has(s.listener.port)) continue;
      const message = `port ${s.listener.port} has TLS listeners in both Passthrough and Terminate mode; this worker does not mix them on one port`;
      s.notAccepted = { reason: 'ProtocolConflict', message };
      s.conflict = { reason: 'ProtocolConflict', message };
      s.programmed = false;
    }
  }
  return served;
}

/** One listener of a Gateway or of one of its ListenerSets, judged against the ports claimed before it. */
function evaluateListener(ix: SnapshotIndex, gateway: GatewayView, listenerSet: ListenerSetView | null, listener: ListenerView, claims: PortClaims, mixedTlsPorts: Set<number>, engine: EngineName): ListenerState {
  const owner = listenerSet === null ? keyOf(gateway.meta.namespace, gateway.meta.name) : `ListenerSet ${keyOf(listenerSet.meta.namespace, listenerSet.meta.name)}`;
  const protocolKinds = SUPPORTED_PROTOCOLS[listener.protocol];
  const state: ListenerState = {
    gateway,
    listenerSet,
    listener,
    supportedKinds: [],
    invalidKinds: [],
    notAccepted: null,
    refProblems: [],
    tls: null,
    tlsMode: null,
    notProgrammable: null,
    conflict: null,
    programmed: false,
    attachedRoutes: new Set(),
  };
  if (!Number.isInteger(listener.port) || listener.port < 1 || listener.port > 65535) {
    state.notAccepted = { reason: 'PortUnavailable', message: `port ${listener.port} is not a valid TCP port` };
    return state;
  }
  if (protocolKinds === undefined) {
    state.notAccepted = {
      reason: 'UnsupportedProtocol',
      message: `protocol ${listener.protocol} is not supported by this worker (supported: ${Object.keys(SUPPORTED_PROTOCOLS).join(', ')})`,
    };
    // Route kinds written for a protocol we do not serve are all invalid (ResolvedRefs=False InvalidRouteKinds). The
    // listener claims no port, but it still conflicts with a port already served in another protocol.
    state.invalidKinds = resolveKinds(listener, []).invalid;
    const claim = claims.get(listener.port);
    if (claim !== undefined && !claim.protocols.has(listener.protocol)) {
      state.conflict = { reason: 'ProtocolConflict', message: `port ${listener.port} is already used with protocol ${[...claim.protocols].join(' and ')}` };
    }
    return state;
  }
  if (listener.protocol === 'HTTPS' || listener.protocol === 'TLS') {
    const problem = listener.protocol === 'HTTPS' ? evaluateHttpsListener(ix, gateway, state) : evaluateTlsListener(ix, gateway, state);
    if (problem !== null) {
      state.notAccepted = problem;
      return state;
    }
    const unsupported = listenerConstructs(state).find((c) => constructSupport(engine, c) !== true);
    if (unsupported !== undefined) {
      state.notAccepted = { reason: listener.protocol === 'TLS' ? 'UnsupportedProtocol' : 'UnsupportedValue', message: describeUnsupported(engine, unsupported) };
      state.tls = null;
      state.tlsMode = null;
      return state;
    }
  }
  const kinds = resolveKinds(listener, protocolKinds);
  state.supportedKinds = kinds.supported;
  state.invalidKinds = kinds.invalid;
  const claim = claims.get(listener.port);
  const host = listener.hostname ?? '';
  const protocol = state.tlsMode === null ? listener.protocol : `TLS (${state.tlsMode})`;
  const claimed = claim === undefined ? [] : [...claim.protocols];
  if (claim === undefined) {
    claims.set(listener.port, { protocols: new Set([protocol]), hostnames: new Map([[host, `${owner}/${listener.name}`]]) });
  } else if (!claim.protocols.has(protocol) && state.tlsMode !== null && claimed.some((p) => p.startsWith('TLS ('))) {
    mixedTlsPorts.add(listener.port);
  } else if (!claimed.every((p) => p === protocol || compatibleOnOnePort(p, protocol))) {
    state.conflict = { reason: 'ProtocolConflict', message: `port ${listener.port} is already used with protocol ${claimed.join(' and ')}` };
  } else if (claim.hostnames.has(host)) {
    // Listeners sharing a port are told apart by hostname (Host header, or SNI): the same one twice conflicts.
    state.conflict = {
      reason: 'HostnameConflict',
      message: `listener ${claim.hostnames.get(host) ?? ''} already serves ${host === '' ? 'any hostname' : `hostname ${host}`} on port ${listener.port}`,
    };
  } else {
    claim.protocols.add(protocol);
    claim.hostnames.set(host, `${owner}/${listener.name}`);
  }
  state.programmed = state.conflict === null && state.notProgrammable === null;
  return state;
}

/**
 * What the engine must implement to serve a listener that terminates or passes TLS. A listener the engine cannot
 * serve is not accepted, with the Listener reasons v1.6.1 gives (gateway_types.go ListenerReason): a TLS listener
 * (TLSRoute) as `UnsupportedProtocol` ("the Listener could not be attached ... because its protocol type is not
 * supported"), anything else as `UnsupportedValue`. It claims no port, like any listener not accepted.
 */
function listenerConstructs(state: ListenerState): TableConstruct[] {
  const out: TableConstruct[] = [];
  if (state.tlsMode === 'Passthrough') out.push('tlsListenerPassthrough');
  else if (state.tlsMode === 'Terminate') out.push('tlsListenerTerminate');
  else out.push('httpsListener');
  const mode = state.tls?.frontendValidation?.mode;
  if (mode !== undefined) out.push(mode === 'AllowValidOnly' ? 'frontendValidationAllowValidOnly' : 'frontendValidationAllowInsecureFallback');
  return out;
}

/**
 * HTTPS listener: TLS must be `Terminate` with certificates (Passthrough belongs to TLSRoute on TLS listeners).
 * Fills `tls`, `refProblems` and `notProgrammable`; returns an Accepted=False cause or null. The port is claimed
 * (and conflicts judged) even when no certificate is usable: the listener is still valid, only not programmed.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewaytlsconfig
 */
function evaluateHttpsListener(ix: SnapshotIndex, gateway: GatewayView, state: ListenerState): { reason: string; message: string } | null {
  const { listener } = state;
  if (listener.tls === undefined) return { reason: 'UnsupportedValue', message: 'an HTTPS listener needs tls with mode Terminate and certificateRefs' };
  if (listener.tls.mode !== 'Terminate') return { reason: 'UnsupportedValue', message: `tls.mode ${listener.tls.mode} is not supported on HTTPS listeners (only Terminate)` };
  return resolveTerminatingTls(ix, gateway, state);
}

/** Certificates and client validation of a listener that terminates TLS (HTTPS, or TLS in Terminate mode). */
function resolveTerminatingTls(ix: SnapshotIndex, gateway: GatewayView, state: ListenerState): { reason: string; message: string } | null {
  const { listener } = state;
  // A ListenerSet's listener reads its certificates as the ListenerSet (ReferenceGrants from ListenerSet).
  const referrer = state.listenerSet === null
    ? { kind: 'Gateway' as const, namespace: gateway.meta.namespace }
    : { kind: 'ListenerSet' as const, namespace: state.listenerSet.meta.namespace };
  const certs = resolveListenerCertificates(ix, gateway, listener, referrer);
  const frontend = resolveFrontendValidation(ix, gateway, listener.port);
  state.refProblems = [...certs.problems, ...frontend.problems];
  if (frontend.noValidCa) {
    return { reason: 'NoValidCACertificate', message: `no caCertificateRef of the client certificate validation for port ${listener.port} is usable` };
  }
  if (certs.certificates.length === 0) {
    state.notProgrammable = 'no usable TLS certificate: ' + certs.problems.map((p) => p.message).join('; ');
  } else {
    state.tls = { certificates: certs.certificates, frontendValidation: frontend.validation };
  }
  return null;
}

/**
 * TLS listener (TLSRoute): `tls.mode` Passthrough forwards the encrypted bytes, so certificateRefs are ignored
 * ("the certificateRefs field is ignored in this mode"); Terminate needs certificates exactly as HTTPS does, and
 * the port's client certificate validation applies the same way. The CRD requires `tls` on TLS listeners.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#tlsmodetype
 */
function evaluateTlsListener(ix: SnapshotIndex, gateway: GatewayView, state: ListenerState): { reason: string; message: string } | null {
  const { listener } = state;
  if (listener.tls === undefined) return { reason: 'UnsupportedValue', message: 'a TLS listener needs tls with mode Passthrough or Terminate' };
  if (listener.tls.mode === 'Passthrough') {
    state.tlsMode = 'Passthrough';
    return null;
  }
  if (listener.tls.mode !== 'Terminate') return { reason: 'UnsupportedValue', message: `tls.mode ${listener.tls.mode} is not supported on TLS listeners` };
  state.tlsMode = 'Terminate';
  return resolveTerminatingTls(ix, gateway, state);
}
