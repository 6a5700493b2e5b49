import { CERTIFICATE_STATES, type CertificateState } from '@gatehouse/domain/certificate/certificate-state';

/** The inventory's filters as the URL keeps them (`?state=&ca=&issuerId=&superseded=`), and as the list query takes them. */
export interface InventoryFilters {
  state?: CertificateState;
  ca?: 'true' | 'false';
  issuerId?: string;
  includeSuperseded?: 'true';
}

export function readFilters(params: URLSearchParams): InventoryFilters {
  const state = params.get('state');
  const ca = params.get('ca');
  const issuerId = params.get('issuerId');
  return {
    ...(state !== null && (CERTIFICATE_STATES as readonly string[]).includes(state) ? { state: state as CertificateState } : {}),
    ...(ca === 'true' || ca === 'false' ? { ca } : {}),
    ...(issuerId ? { issuerId } : {}),
    ...(params.get('superseded') === 'true' ? { includeSuperseded: 'true' as const } : {}),
  };
}

/** The URL query for a set of filters; paging starts again from the first page. */
export function writeFilters(f: InventoryFilters): string {
  const q = new URLSearchParams();
  if (f.state) q.set('state', f.state);
  if (f.ca) q.set('ca', f.ca);
  if (f.issuerId) q.set('issuerId', f.issuerId);
  if (f.includeSuperseded) q.set('superseded', 'true');
  return q.toString();
}
