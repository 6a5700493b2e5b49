import { DEFAULT_ENGINE, type EngineName } from '../engines/engine-name';
import { judgeRouteForEngine } from '../engines/route-engine-verdict';
import { checkRulesForEngine } from '../engines/rule-support';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';
import { GATEWAY_GROUP } from '../input/gateway-input';
import { keyOf } from '../input/object-meta';
import { indexSnapshot } from '../input/snapshot-index';
import type { RoutingTable } from '../routing-table/routing-table';
import { makeCondition } from '../status/condition';
import { buildBackendTlsPolicyStatuses } from '../status/backend-tls-policy-status';
import { buildGatewayClassStatus, buildGatewayStatus } from '../status/gateway-status';
import { buildListenerSetStatuses } from '../status/listener-set-statuses';
import { type AttachedRoute, buildPortTables, summarizeListeners } from './build-routing-table';
import { evaluateBackendTlsPolicies } from './backend-tls-policies';
import { deepFreeze } from './deep-freeze';
import { evaluateGatewayAddresses, type GatewayAddress } from './gateway-addresses';
import { backendClientCertificates, resolveBackendClientCertificate } from './gateway-backend-client-certificate';
import { evaluateListeners, type ListenerState, selectServedGateways, type ServedGateway } from './gateway-listeners';
import type { ObjectStatus } from './object-status';
import { attachParentRef } from './route-attachment';
import { compileRouteMatches } from './route-matches';
import { compileRuleTargets } from './rule-targets';
import { compileTlsRoutes } from './tls-routes';
import { evaluateUpstreamTlsPolicies } from './upstream-tls-policies';

export type { ObjectStatus } from './object-status';

export interface CompileOptions {
  /** Our GatewayClass controllerName (`gatehouse.dev/gateway-controller`). */
  controllerName: string;
  /** RFC 3339 time used as lastTransitionTime; the compiler reads no clock. */
  now: string;
  /**
   * The data plane's own addresses (a worker's GATEHOUSE_GATEWAY_ADDRESSES or pod IP): Gateway `spec.addresses` are
   * judged against them and they fill `status.addresses`. Undefined (the console) = unknown: only the types are checked.
   */
  addresses?: readonly GatewayAddress[];
  /**
   * The engine that will enforce the table (default `node`, also the console's and the simulator's): features it
   * cannot do are reported on the objects that use them and left out of GatewayClass `supportedFeatures`.
   */
  engine?: EngineName;
}

export interface CompileResult {
  table: RoutingTable;
  statuses: ObjectStatus[];
}

const KIND_ORDER = ['GatewayClass', 'Gateway', 'ListenerSet', 'HTTPRoute', 'TLSRoute', 'UpstreamTLSPolicy', 'BackendTLSPolicy'];

function sortStatuses(statuses: ObjectStatus[]): ObjectStatus[] {
  return statuses.sort((a, b) => {
    const k = KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind);
    if (k !== 0) return k;
    const ka = keyOf(a.namespace, a.name);
    const kb = keyOf(b.namespace, b.name);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/**
 * Compiles a snapshot into a deep-frozen routing table and the status of every object we own.
 * Pure: no I/O, no clock (uses opts.now), no randomness; the same input gives the same output.
 * Bad objects become status conditions, never exceptions.
 */
export function compileSnapshot(snapshot: ConfigSnapshot, opts: CompileOptions): CompileResult {
  const { now, controllerName } = opts;
  const engine = opts.engine ?? DEFAULT_ENGINE;
  const ix = indexSnapshot(snapshot);
  const served: ServedGateway[] = evaluateListeners(ix, selectServedGateways(ix, controllerName), engine);
  const servedByKey = new Map(served.map((g) => [g.key, g]));
  const upstream = evaluateUpstreamTlsPolicies(ix, now);
  const backend = evaluateBackendTlsPolicies(ix, now, engine);
  const statuses: ObjectStatus[] = [];

  const attachedByListener = new Map<ListenerState, AttachedRoute[]>();
  /** Service `ns/name` → Gateways whose accepted routes send traffic to it (UpstreamTLSPolicy ancestors). */
  const serviceGateways = new Map<string, Set<string>>();
  /** Service port (`backendTlsTargetKey`) → Gateways whose accepted routes send traffic to it (BackendTLSPolicy ancestors). */
  const servicePortGateways = new Map<string, Set<string>>();

  for (const route of ix.httpRoutes) {
    const routeKey = keyOf(route.meta.namespace, route.meta.name);
    const ctx = { generation: route.meta.generation, now };
    const matches = compileRouteMatches(route);
    const targets = compileRuleTargets(ix, route, { upstream, backend });
    // Rules the engine cannot enforce answer 500 instead (engines/rule-support.ts); the conditions say which.
    const engineCheck = checkRulesForEngine(engine, targets.rules, matches.specs);
    const engineVerdict = judgeRouteForEngine(engine, engineCheck);
    const parents: Array<Record<string, unknown>> = [];
    const seenListeners = new Set<ListenerState>();
    for (const parentRef of route.parentRefs) {
      const parent = attachParentRef(ix, servedByKey, route, parentRef);
      if (parent === null) continue;
      let accepted = parent.accepted;
      if (matches.problems.length > 0) {
        accepted = { ok: false, reason: 'UnsupportedValue', message: matches.problems.map((p) => `${p.path}: ${p.message}`).join('; ') };
      } else if (accepted.ok && engineVerdict.rejected !== null) {
        accepted = { ok: false, reason: 'UnsupportedValue', message: engineVerdict.rejected };
      } else if (accepted.ok && targets.unsupported.length > 0) {
        accepted = { ...accepted, message: `${accepted.message}; ${targets.unsupported.join('; ')}` };
      }
      if (accepted.ok) {
        for (const a of parent.attachments) {
          a.state.attachedRoutes.add(routeKey);
          if (seenListeners.has(a.state)) continue;
          seenListeners.add(a.state);
          const list = attachedByListener.get(a.state) ?? [];
          list.push({ route, hostnames: a.hostnames, specs: matches.specs, rules: engineCheck.rules });
          attachedByListener.set(a.state, list);
        }
        for (const svc of targets.servicesUsed) {
          const set = serviceGateways.get(svc) ?? new Set<string>();
          set.add(parent.gatewayKey);
          serviceGateways.set(svc, set);
        }
        for (const port of targets.servicePortsUsed) {
          const set = servicePortGateways.get(port) ?? new Set<string>();
          set.add(parent.gatewayKey);
          servicePortGateways.set(port, set);
        }
      }
      parents.push({
        parentRef: parent.parentRef.echo,
        controllerName,
        conditions: [
          makeCondition(ctx, 'Accepted', accepted.ok, accepted.reason, accepted.message),
          makeCondition(ctx, 'ResolvedRefs', targets.resolvedRefs.ok, targets.resolvedRefs.reason, targets.resolvedRefs.message),
          // "MUST NOT be set if a Route is fully valid, fully invalid, or not accepted" (v1.6.1 shared_types.go).
          ...(accepted.ok && engineVerdict.partiallyInvalid !== null ? [makeCondition(ctx, 'PartiallyInvalid', true, 'UnsupportedValue', engineVerdict.partiallyInvalid)] : []),
        ],
      });
    }
    if (parents.length > 0) {
      statuses.push({ group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace: route.meta.namespace, name: route.meta.name, status: { parents } });
    }
  }

  const tlsRoutes = compileTlsRoutes(ix, servedByKey, { upstream, backend }, { controllerName, now }, { services: serviceGateways, servicePorts: servicePortGateways });
  statuses.push(...tlsRoutes.statuses);

  // UpstreamTLSPolicy: FSM's own `conditions`, plus Gateway API's policy status (GEP-713): one ancestor entry per
  // Gateway whose accepted routes send traffic to the target Service, carrying the same Accepted condition.
  for (const s of upstream.statuses) {
    const target = ix.upstreamTlsPolicies.find((p) => p.meta.namespace === s.namespace && p.meta.name === s.name)?.targetRef;
    const gateways = target ? [...(serviceGateways.get(keyOf(target.namespace, target.name)) ?? [])].sort() : [];
    const ancestors = gateways.map((g) => {
      const gw = servedByKey.get(g);
      return { ancestorRef: { group: GATEWAY_GROUP, kind: 'Gateway', namespace: gw?.gateway.meta.namespace ?? '', name: gw?.gateway.meta.name ?? g }, controllerName, conditions: s.status.conditions };
    });
    statuses.push({ ...s, status: { ...s.status, ancestors } });
  }
  const clientCertificates = new Map(served.map((g) => [g.key, resolveBackendClientCertificate(ix, g.gateway)]));
  for (const gw of served) statuses.push(buildGatewayStatus(gw, now, clientCertificates.get(gw.key), evaluateGatewayAddresses(gw.gateway.addresses, opts.addresses)));
  statuses.push(...buildListenerSetStatuses(ix, served, now));
  for (const cls of ix.gatewayClasses.values()) if (cls.controllerName === controllerName) statuses.push(buildGatewayClassStatus(cls, now, engine));
  statuses.push(...buildBackendTlsPolicyStatuses(backend, servicePortGateways, servedByKey, controllerName));

  const table: RoutingTable = {
    revision: typeof snapshot.revision === 'number' ? snapshot.revision : 0,
    compiledAt: now,
    ports: buildPortTables(served, attachedByListener, backendClientCertificates(clientCertificates), tlsRoutes.attachedByListener),
    listeners: summarizeListeners(served),
  };
  return { table: deepFreeze(table), statuses: sortStatuses(statuses) };
}
