import type { BinaryOrText } from '../parse/input';
import { invalid } from '../parse/input';
import { issueResolved, resolveFields, resolveIssuer, type IssuedCertificate, type IssuerInput, type ValidityWindow } from '../x509/issue-certificate';
import type { DistinguishedName } from '../x509/names';
import type { ExtKeyUsageName, KeyUsageName } from '../x509/usages';
import { loadCsr } from './load-csr';

export interface SignCsrRequest {
  csr: BinaryOrText;
  issuer: IssuerInput;
  validity: ValidityWindow;
  isCA?: boolean;
  pathLen?: number;
  keyUsage: readonly (KeyUsageName | string)[];
  extKeyUsage: readonly (ExtKeyUsageName | string)[];
  /** Replaces the CSR's subject; by default it is copied byte for byte. */
  subject?: DistinguishedName;
  /** Replaces the CSR's SANs; by default the requested DNS/IP/URI/e-mail names are used. */
  sans?: readonly string[];
  serial?: string;
}

/**
 * Issues a certificate for a PKCS#10 request. The request's signature must verify (proof of possession). The CA
 * decides usages, validity and CA-ness; of the requested extensions only the SANs are taken, the rest are ignored
 * (as `openssl x509 -req` does without `-copy_extensions`). All issueCertificate checks apply.
 */
export function signCsr(request: SignCsrRequest): IssuedCertificate {
  const csr = loadCsr(request.csr);
  if (!csr.signatureValid) throw invalid('CSR signature does not verify with its public key (or uses an unsupported algorithm)', 'csr');
  const requested = csr.requested.sans;
  const sans = request.sans ?? [
    ...requested.dns.map((n) => `DNS:${n}`),
    ...requested.ip.map((n) => `IP:${n}`),
    ...requested.uri.map((n) => `URI:${n}`),
    ...requested.email.map((n) => `email:${n}`),
  ];
  const fields = resolveFields(
    {
      subject: request.subject ?? csr.asn.certificationRequestInfo.subject,
      sans,
      validity: request.validity,
      isCA: request.isCA ?? false,
      keyUsage: request.keyUsage,
      extKeyUsage: request.extKeyUsage,
      ...(request.pathLen !== undefined ? { pathLen: request.pathLen } : {}),
      ...(request.serial !== undefined ? { serial: request.serial } : {}),
    },
    csr.publicKey,
  );
  return issueResolved(fields, resolveIssuer(request.issuer));
}
