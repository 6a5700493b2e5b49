import type { Prisma } from '@gatehouse/db/prisma-client';

/** One stored certificate as Prisma returns it (both providers share the model). */
export type CertificateRow = Prisma.CertificateGetPayload<Record<string, never>>;
/** One stored binding of a certificate to a Secret or ConfigMap. */
export type BindingRow = Prisma.SecretBindingGetPayload<Record<string, never>>;

/** What renewal repeats that the certificate itself does not say. */
export interface IssueParams {
  profile: 'root' | 'intermediate' | 'server' | 'client' | 'server+client' | 'imported';
  /** The lifetime asked for (renewal asks for it again); absent = the profile default was used. */
  validityDays?: number;
}

export function readIssueParams(row: Pick<CertificateRow, 'issueParams'>): IssueParams | undefined {
  if (!row.issueParams) return undefined;
  return JSON.parse(row.issueParams) as IssueParams;
}

export function parseJsonList(text: string | null): string[] | null {
  return text === null ? null : (JSON.parse(text) as string[]);
}
