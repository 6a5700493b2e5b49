'use client';

import { GATEWAY_COLUMNS } from './gateway-columns';
import { ResourceTable } from './resource-table';
import { ROUTE_COLUMNS } from './route-columns';
import { SECRET_COLUMNS } from './secret-columns';

export function GatewaysView() {
  return (
    <ResourceTable plural="gateways" noun="gateways" caption="Gateways" columns={GATEWAY_COLUMNS}
      empty={<p>A Gateway is where clients connect: listeners with a port and protocol.</p>} create={{ label: 'Create the first gateway' }} />
  );
}

export function RoutesView() {
  return (
    <ResourceTable plural="httproutes" noun="routes" caption="HTTP routes" columns={ROUTE_COLUMNS}
      empty={<p>An HTTPRoute attaches to a Gateway listener and sends matching requests to Services.</p>} create={{ label: 'Create the first route' }} />
  );
}

export function SecretsView() {
  return (
    <ResourceTable plural="secrets" noun="secrets" caption="Secrets" columns={SECRET_COLUMNS}
      empty={<p>Secrets hold the CA certificates policies verify upstreams with, and listener certificates.</p>} create={{ label: 'Create the first secret' }} />
  );
}
