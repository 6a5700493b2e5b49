import type { ReactNode } from 'react';
import type { CertificateSummary } from '@gatehouse/domain/certificate/certificate.schema';
import { extKeyUsageLabel, keyUsageLabel, type KeyUsageName } from '@gatehouse/certs/x509/usages';
import { describeKeyOf, formatDateTime, sanEntries } from './certificate-words';
import { PURPOSE_WORDS } from './describe-certificate-state';

type Facts = Pick<CertificateSummary, 'subject' | 'issuer' | 'isSelfSigned' | 'sans' | 'keyAlgorithm' | 'keySize' | 'curve' | 'notBefore' | 'notAfter' | 'keyUsage' | 'extKeyUsage' | 'isCA' | 'pathLen' | 'purpose'>;

/** A certificate in words — what a person wants to check before and after making one. */
export function CertificateFacts({ c, children }: { c: Facts; children?: ReactNode }) {
  const names = sanEntries(c.sans);
  const days = Math.round((Date.parse(c.notAfter) - Date.parse(c.notBefore)) / 86_400_000);
  return (
    <dl className="facts cert-facts">
      <div><dt>Purpose</dt><dd>{PURPOSE_WORDS[c.purpose] ?? c.purpose}{c.isCA ? ` · ${c.pathLen === null ? 'no path length limit' : c.pathLen === 0 ? 'signs leaf certificates only' : `up to ${c.pathLen} CA level${c.pathLen === 1 ? '' : 's'} below`}` : ''}</dd></div>
      <div><dt>Subject</dt><dd>{c.subject || <span className="muted">empty (names below)</span>}</dd></div>
      <div><dt>Issuer</dt><dd>{c.isSelfSigned ? 'itself (self-signed)' : c.issuer}</dd></div>
      <div><dt>Names (SANs)</dt><dd>{names.length > 0 ? names.join(', ') : <span className="muted">none</span>}</dd></div>
      <div><dt>Key</dt><dd>{describeKeyOf(c)}</dd></div>
      <div><dt>Valid</dt><dd>{formatDateTime(c.notBefore)} → {formatDateTime(c.notAfter)} ({days} days)</dd></div>
      <div><dt>Key usage</dt><dd>{c.keyUsage === null ? <span className="muted">not restricted</span> : c.keyUsage.map((u) => keyUsageLabel(u as KeyUsageName)).join(', ')}</dd></div>
      <div><dt>Extended key usage</dt><dd>{c.extKeyUsage === null ? <span className="muted">not restricted</span> : c.extKeyUsage.map(extKeyUsageLabel).join(', ')}</dd></div>
      {children}
    </dl>
  );
}

/** The `openssl x509 -text`-style view, folded away by default where the words above say enough. */
export function DecodedText({ text, open = false }: { text: string; open?: boolean }) {
  return (
    <details className="decoded" open={open}>
      <summary>Decoded certificate (as <code>openssl x509 -text</code> shows it)</summary>
      <pre tabIndex={0} role="group" aria-label="Decoded certificate">{text}</pre>
    </details>
  );
}
