'use client';

import Link from 'next/link';
import type { CertificateResult } from '@gatehouse/domain/certificate/certificate.schema';
import { useCan } from '../../shell/session-context';
import { PURPOSE_WORDS } from '../describe-certificate-state';
import { CreateSecretForm } from '../use/create-secret-form';
import { DownloadsPanel } from '../use/downloads-panel';

/** The last step: what was made, its files, a Secret in the seed's shapes, and the way to its page. */
export function OutputStep({ result, advice, onAnother, onIssueFrom }: {
  result: CertificateResult;
  advice: string[];
  onAnother: () => void;
  onIssueFrom: (caId: string) => void;
}) {
  const { write } = useCan();
  const notes = [...result.warnings, ...advice];
  return (
    <div className="output">
      <div className="callout ok" role="status">
        <strong>{PURPOSE_WORDS[result.purpose] ?? 'Certificate'} {result.name} is ready.</strong>{' '}
        Serial {result.serialHex.toLowerCase()}, SHA-256 fingerprint <span className="mono">{result.fingerprints.sha256.slice(0, 23)}…</span>
      </div>
      {notes.length > 0 ? (
        <div className="callout warn"><strong>Keep in mind</strong><ul className="plain-list">{notes.map((n) => <li key={n}>{n}</li>)}</ul></div>
      ) : null}
      <div className="row output-links">
        <Link className="button primary" href={`/certificates/${result.id}`}>Open the certificate page</Link>
        {result.isCA && result.hasPrivateKey ? <button type="button" className="button" onClick={() => onIssueFrom(result.id)}>Issue a certificate from this CA</button> : null}
        <button type="button" className="button" onClick={onAnother}>Make another certificate</button>
      </div>
      <section className="card">
        <DownloadsPanel certificate={result} />
      </section>
      {write ? (
        <section className="card">
          <CreateSecretForm certificate={result} />
        </section>
      ) : null}
    </div>
  );
}
