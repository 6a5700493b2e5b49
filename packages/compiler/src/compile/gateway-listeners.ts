import { GATEWAY_GROUP, type GatewayView, type ListenerView, type RouteGroupKind } from '../input/gateway-input';
import { keyOf } from '../input/object-meta';
import type { ListenerSetView } from '../input/listener-set-input';
import type { SnapshotIndex } from '../input/snapshot-index';
import type { ListenerTls } from '../routing-table/routing-table';
import { evaluateListenerSetsOf, type ServedListenerSet } from './listener-sets';
import { type RefProblem, resolveFrontendValidation, resolveListenerCertificates } from './listener-tls';

/** Listener protocols this worker serves (HTTPS: TLS terminated here; TLS passthrough and TCP are not served). */
const SUPPORTED_PROTOCOLS: Readonly<Record<string, readonly RouteGroupKind[]>> = {
  HTTP: [{ group: GATEWAY_GROUP, kind: 'HTTPRoute' }],
  HTTPS: [{ group: GATEWAY_GROUP, kind: 'HTTPRoute' }],
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
  /** HTTPS: the certificates and client validation to serve with; null on HTTP or when none is usable. */
  tls: ListenerTls | null;
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

/** Port → the protocol that claimed it and the hostnames already served there (with who serves them). */
export type PortClaims = Map<number, { protocol: string; hostnames: Map<string, string> }>;

/**
 * Validates listeners and resolves conflicts across all served Gateways. In embedded mode every Gateway
 * shares the worker's address, so two listeners on one port conflict as they would inside one Gateway:
 * a different protocol is a ProtocolConflict, the same hostname a HostnameConflict. The older Gateway
 * (then lower listener index) keeps the port. A Gateway's ListenerSets follow its own listeners, oldest
 * ListenerSet first (GEP-1713: "parent" Gateway, then creation time, then `{namespace}/{name}`).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenerconditiontype (Conflicted)
 */
export function evaluateListeners(ix: SnapshotIndex, gateways: Array<{ gateway: GatewayView; classNote: string }>): ServedGateway[] {
  const claims: PortClaims = new Map();
  return gateways.map(({ gateway, classNote }) => {
    const gwKey = keyOf(gateway.meta.namespace, gateway.meta.name);
    const listeners = gateway.listeners.map((listener) => evaluateListener(ix, gateway, null, listener, claims));
    const listenerSets = evaluateListenerSetsOf(ix, gateway, (listenerSet, listener) => evaluateListener(ix, gateway, listenerSet, listener, claims));
    return { gateway, key: gwKey, classNote, listeners, listenerSets };
  });
}

/** One listener of a Gateway or of one of its ListenerSets, judged against the ports claimed before it. */
function evaluateListener(ix: SnapshotIndex, gateway: GatewayView, listenerSet: ListenerSetView | null, listener: ListenerView, claims: PortClaims): ListenerState {
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
    if (claim !== undefined && claim.protocol !== listener.protocol) {
      state.conflict = { reason: 'ProtocolConflict', message: `port ${listener.port} is already used with protocol ${claim.protocol}` };
    }
    return state;
  }
  if (listener.protocol === 'HTTPS') {
    const problem = evaluateHttpsListener(ix, gateway, state);
    if (problem !== null) {
      state.notAccepted = problem;
      return state;
    }
  }
  const kinds = resolveKinds(listener, protocolKinds);
  state.supportedKinds = kinds.supported;
  state.invalidKinds = kinds.invalid;
  const claim = claims.get(listener.port);
  const host = listener.hostname ?? '';
  if (claim === undefined) {
    claims.set(listener.port, { protocol: listener.protocol, hostnames: new Map([[host, `${owner}/${listener.name}`]]) });
  } else if (claim.protocol !== listener.protocol) {
    state.conflict = { reason: 'ProtocolConflict', message: `port ${listener.port} is already used with protocol ${claim.protocol}` };
  } else if (claim.hostnames.has(host)) {
    state.conflict = {
      reason: 'HostnameConflict',
      message: `listener ${claim.hostnames.get(host) ?? ''} already serves ${host === '' ? 'any hostname' : `hostname ${host}`} on port ${listener.port}`,
    };
  } else {
    claim.hostnames.set(host, `${owner}/${listener.name}`);
  }
  state.programmed = state.conflict === null && state.notProgrammable === null;
  return state;
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
