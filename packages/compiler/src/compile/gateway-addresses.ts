/** An address clients reach a Gateway at (GatewayStatusAddress). */
export interface GatewayAddress {
  readonly type: 'IPAddress' | 'Hostname';
  readonly value: string;
}

/** `spec.addresses[]` as written: type defaults to IPAddress; an empty value asks the implementation to assign one. */
export interface RequestedAddress {
  type: string;
  value: string;
}

export interface AddressVerdict {
  /** Accepted=False UnsupportedAddress when a requested address type is not IPAddress or Hostname. */
  unsupported: string | null;
  /** Programmed=False with AddressNotUsable / AddressNotAssigned when a requested address cannot be served. */
  notProgrammed: { reason: 'AddressNotUsable' | 'AddressNotAssigned'; message: string } | null;
  /** `status.addresses`; undefined when the data plane's addresses are unknown (the console's own compile). */
  addresses: GatewayAddress[] | undefined;
}

const SUPPORTED_TYPES = new Set(['IPAddress', 'Hostname']);

/**
 * Static and empty Gateway addresses against the addresses the data plane has (GATEHOUSE_GATEWAY_ADDRESSES or the
 * pod IP): a requested address is usable when the worker has it; an empty value is assigned the first one of its
 * type (GatewayAddressEmpty); without requests the Gateway gets all of them. Types other than IPAddress and Hostname
 * make the Gateway not Accepted (UnsupportedAddress), an address the worker does not have makes it not Programmed
 * (AddressNotUsable), a type with nothing to assign AddressNotAssigned.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewayspecaddress
 */
export function evaluateGatewayAddresses(requested: readonly RequestedAddress[], available: readonly GatewayAddress[] | undefined): AddressVerdict {
  const unsupported = requested.filter((a) => !SUPPORTED_TYPES.has(a.type));
  const verdict: AddressVerdict = {
    unsupported: unsupported.length === 0 ? null : `address type(s) ${unsupported.map((a) => `"${a.type}"`).join(', ')} are not supported (IPAddress or Hostname)`,
    notProgrammed: null,
    addresses: undefined,
  };
  if (available === undefined) return verdict;
  if (requested.length === 0) return { ...verdict, addresses: [...available] };
  const assigned: GatewayAddress[] = [];
  const unusable: string[] = [];
  const unassigned: string[] = [];
  for (const a of requested) {
    if (!SUPPORTED_TYPES.has(a.type)) continue;
    const type = a.type as GatewayAddress['type'];
    if (a.value === '') {
      const pick = available.find((x) => x.type === type && !assigned.some((y) => y.value === x.value));
      if (pick === undefined) unassigned.push(type);
      else assigned.push(pick);
    } else if (available.some((x) => x.type === type && x.value === a.value)) {
      if (!assigned.some((y) => y.value === a.value)) assigned.push({ type, value: a.value });
    } else unusable.push(a.value);
  }
  if (unusable.length > 0) {
    verdict.notProgrammed = { reason: 'AddressNotUsable', message: `address(es) ${unusable.join(', ')} are not addresses of this data plane (it has ${available.map((x) => x.value).join(', ') || 'none'})` };
  } else if (unassigned.length > 0) {
    verdict.notProgrammed = { reason: 'AddressNotAssigned', message: `no ${unassigned.join(', ')} address is available to assign` };
  }
  return { ...verdict, addresses: assigned };
}
