import type { GatewayAddress } from '@gatehouse/compiler/compile/gateway-addresses';
import type { WorkerConfig } from './worker-config';

/**
 * The addresses this worker is reached at (GATEHOUSE_GATEWAY_ADDRESSES, else POD_IP), typed as Gateway API
 * addresses; undefined when none is configured (then Gateway spec.addresses cannot be judged usable or not).
 */
export function gatewayAddressesOf(config: Pick<WorkerConfig, 'gatewayAddresses'>): GatewayAddress[] | undefined {
  if (config.gatewayAddresses.length === 0) return undefined;
  return config.gatewayAddresses.map((value) => ({ type: /^[\d.]+$/.test(value) || value.includes(':') ? 'IPAddress' : 'Hostname', value }));
}
