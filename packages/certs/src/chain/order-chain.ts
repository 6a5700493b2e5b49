import { DomainError } from '@gatehouse/domain/errors/domain-error';
import type { CertificateInput } from '../x509/load-certificate';
import { isSelfIssued, namesIssuer, signedBy, toChainCerts, type ChainCert } from './chain-links';

/**
 * Puts a bundle in serving order, leaf first, each certificate followed by its issuer (RFC 8446 §4.4.2 wants the
 * sender's certificate first). Duplicates are dropped. A bundle with several leaves, or with certificates that do
 * not belong to the leaf's chain, is refused (DomainError invalid) rather than guessed at.
 */
export function orderChain(certs: CertificateInput | readonly CertificateInput[]): string[] {
  const all = toChainCerts(certs, 'certs');
  if (all.length === 0) throw new DomainError('invalid', 'no certificates given', [{ path: 'certs', message: 'no certificates given' }]);
  const parentOf = new Map<ChainCert, ChainCert>();
  for (const child of all) {
    if (isSelfIssued(child) && signedBy(child, child)) continue;
    const parent = all.find((p) => p !== child && namesIssuer(p, child) && signedBy(child, p));
    if (parent) parentOf.set(child, parent);
  }
  const parents = new Set(parentOf.values());
  const leaves = all.filter((c) => !parents.has(c));
  if (leaves.length !== 1) {
    const message =
      leaves.length === 0 ? 'the certificates form a cycle; no leaf found' : `the bundle holds ${leaves.length} separate leaves: ${leaves.map((l) => l.subject).join(' | ')}`;
    throw new DomainError('invalid', message, [{ path: 'certs', message }]);
  }
  const ordered: ChainCert[] = [];
  for (let c: ChainCert | undefined = leaves[0]; c && !ordered.includes(c); c = parentOf.get(c)) ordered.push(c);
  const stray = all.filter((c) => !ordered.includes(c));
  if (stray.length > 0) {
    const message = `not part of the chain of ${ordered[0]?.subject ?? ''}: ${stray.map((s) => s.subject).join(' | ')}`;
    throw new DomainError('invalid', message, [{ path: 'certs', message }]);
  }
  return ordered.map((c) => c.cert.pem);
}
