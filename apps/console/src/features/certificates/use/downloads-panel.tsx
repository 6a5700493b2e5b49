'use client';

import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { CertificateSummary } from '@gatehouse/domain/certificate/certificate.schema';
import { ExportCertificateSchema, type ExportCertificate } from '@gatehouse/domain/certificate/export-certificate.schema';
import { errorMessageOf } from '../../../components/mutation-error';
import { ProgressNote } from '../../../components/progress-note';
import { toast } from '../../../components/toast';
import { useTRPC } from '../../../trpc/react';
import { useCan } from '../../shell/session-context';
import { saveBase64File } from '../read-file';

type Cert = Pick<CertificateSummary, 'id' | 'name' | 'hasPrivateKey'>;
type Options = Pick<ExportCertificate, 'what' | 'format'> & { password?: string };

const PUBLIC_FILES: { label: string; options: Options }[] = [
  { label: 'Certificate (PEM)', options: { what: 'certificate', format: 'pem' } },
  { label: 'Certificate (DER)', options: { what: 'certificate', format: 'der' } },
  { label: 'Certificate and chain (PEM)', options: { what: 'chain', format: 'pem' } },
];

/**
 * Downloads as the role allows (export-certificate.schema.ts): the certificate and its chain for everyone who may
 * read it; the private key, PKCS#12 and the combined PEM for administrators only — those controls are not even
 * shown to other roles (the server refuses them too). Every download is an audit event.
 */
export function DownloadsPanel({ certificate }: { certificate: Cert }) {
  const id = useId();
  const trpc = useTRPC();
  const { manage: isAdmin } = useCan();
  const [password, setPassword] = useState('');
  const [keyPassword, setKeyPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const exporter = useMutation(trpc.certificates.export.mutationOptions());
  const download = async (options: Options) => {
    const parsed = ExportCertificateSchema.safeParse(options);
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? 'invalid export');
      return;
    }
    setProblem(null);
    try {
      const file = await exporter.mutateAsync({ id: certificate.id, options: parsed.data });
      saveBase64File(file.filename, file.contentType, file.base64);
      toast.success(`Downloaded ${file.filename} (recorded in the audit log)`);
    } catch (e) {
      toast.error(`Download failed: ${errorMessageOf(e)}`);
    }
  };
  const keyed = isAdmin && certificate.hasPrivateKey;
  return (
    <div className="downloads" aria-labelledby={`${id}-title`} role="group">
      <h3 id={`${id}-title`}>Download</h3>
      <div className="row">
        {PUBLIC_FILES.map((f) => (
          <button key={f.label} type="button" className="button small" disabled={exporter.isPending} onClick={() => void download(f.options)}>{f.label}</button>
        ))}
      </div>
      {keyed ? (
        <div className="key-exports">
          <p className="hint">With the private key — administrators only; handle the files like a password.</p>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${id}-keypw`}>Encrypt the key with (optional)</label>
              <input id={`${id}-keypw`} type="password" autoComplete="new-password" value={keyPassword} onChange={(e) => setKeyPassword(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-p12pw`}>PKCS#12 password</label>
              <input id={`${id}-p12pw`} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)}
                aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-problem` : undefined} />
            </div>
          </div>
          <div className="row">
            <button type="button" className="button small" disabled={exporter.isPending}
              onClick={() => void download({ what: 'privateKey', format: 'pem', ...(keyPassword ? { password: keyPassword } : {}) })}>Private key (PEM)</button>
            <button type="button" className="button small" disabled={exporter.isPending} onClick={() => void download({ what: 'pkcs12', format: 'pem', password })}>PKCS#12 (.p12)</button>
            <button type="button" className="button small" disabled={exporter.isPending} onClick={() => void download({ what: 'combined', format: 'pem' })}>Key, certificate and chain (PEM)</button>
          </div>
          {problem ? <span id={`${id}-problem`} className="field-error">{problem}</span> : null}
        </div>
      ) : certificate.hasPrivateKey ? (
        <p className="hint">Gatehouse holds the private key (encrypted). Exporting it is for administrators.</p>
      ) : (
        <p className="hint">Gatehouse does not hold this certificate’s private key.</p>
      )}
      {exporter.isPending ? <ProgressNote label="Preparing the file…" /> : null}
    </div>
  );
}
