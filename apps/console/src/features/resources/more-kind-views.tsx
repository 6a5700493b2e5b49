'use client';

import { CONFIG_MAP_COLUMNS, GATEWAY_CLASS_COLUMNS, LISTENER_SET_COLUMNS, REFERENCE_GRANT_COLUMNS, TLS_ROUTE_COLUMNS } from './more-kind-columns';
import { ResourceTable } from './resource-table';

export function ConfigMapsView() {
  return (
    <ResourceTable plural="configmaps" noun="config maps" caption="Config maps" columns={CONFIG_MAP_COLUMNS}
      empty={<p>Config maps hold plain settings, such as CA bundles a BackendTLSPolicy verifies upstreams with.</p>} create={{ label: 'Create the first config map' }} />
  );
}

export function ReferenceGrantsView() {
  return (
    <ResourceTable plural="referencegrants" noun="reference grants" caption="Reference grants" columns={REFERENCE_GRANT_COLUMNS}
      empty={<p>A route may send traffic to a Service in another namespace only when that namespace holds a ReferenceGrant allowing it.</p>} create={{ label: 'Create the first reference grant' }} />
  );
}

export function GatewayClassesView() {
  return (
    <ResourceTable plural="gatewayclasses" noun="gateway classes" caption="Gateway classes" columns={GATEWAY_CLASS_COLUMNS}
      empty={<p>Every Gateway names a GatewayClass, which picks the controller that runs it.</p>} create={{ label: 'Create the first gateway class' }} />
  );
}

export function ListenerSetsView() {
  return (
    <ResourceTable plural="listenersets" noun="listener sets" caption="Listener sets" columns={LISTENER_SET_COLUMNS}
      empty={<p>A ListenerSet adds listeners to a Gateway whose allowedListeners admits its namespace; routes attach to it by parentRef.</p>} create={{ label: 'Create the first listener set' }} />
  );
}

export function TlsRoutesView() {
  return (
    <ResourceTable plural="tlsroutes" noun="TLS routes" caption="TLS routes" columns={TLS_ROUTE_COLUMNS}
      empty={<p>A TLSRoute sends TLS connections on a TLS listener to Services by the server name (SNI) the client asks for.</p>} create={{ label: 'Create the first TLS route' }} />
  );
}
