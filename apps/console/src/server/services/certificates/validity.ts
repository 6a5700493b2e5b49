import type { ValidityWindow } from '@gatehouse/certs/x509/issue-certificate';
import { defaultProfile, type CertificateProfile } from '@gatehouse/certs/x509/profiles';
import type { KeyAlgorithm } from '@gatehouse/certs/keys/key-info';
import type { LeafProfile } from '@gatehouse/domain/certificate/certificate-fields.schema';
import { DomainError } from '@gatehouse/domain/errors/domain-error';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ValidityPlan {
  validity: ValidityWindow;
  warnings: string[];
}

/**
 * The validity window of a certificate to sign. An explicit lifetime that would outlive the issuer is refused
 * (RFC 5280 §6.1.3 does not stop it, but every verifier rejects the leaf once the issuer has expired, so such a
 * certificate lies about its lifetime); a default lifetime is shortened to the issuer's notAfter with a warning,
 * as Vault's `leaf_not_after_behavior=truncate` does.
 */
export function planValidity(opts: {
  now: Date;
  requestedDays?: number | undefined;
  defaultWindow: ValidityWindow;
  issuer?: { notAfter: Date; label: string } | undefined;
}): ValidityPlan {
  const notBefore = opts.defaultWindow.notBefore;
  const warnings: string[] = [];
  let notAfter: Date;
  if (opts.requestedDays !== undefined) {
    notAfter = new Date(opts.now.getTime() + opts.requestedDays * DAY_MS);
    if (opts.issuer && notAfter.getTime() > opts.issuer.notAfter.getTime()) {
      const most = Math.floor((opts.issuer.notAfter.getTime() - opts.now.getTime()) / DAY_MS);
      const message = `a certificate valid for ${opts.requestedDays} days would outlive its issuer ${opts.issuer.label} (expires ${opts.issuer.notAfter.toISOString()}); at most ${most} days are possible`;
      throw new DomainError('invalid', message, [{ path: 'validityDays', message }]);
    }
  } else {
    notAfter = opts.defaultWindow.notAfter;
    if (opts.issuer && notAfter.getTime() > opts.issuer.notAfter.getTime()) {
      notAfter = opts.issuer.notAfter;
      warnings.push(`validity shortened to the issuer's notAfter (${notAfter.toISOString()}) so that the certificate does not outlive ${opts.issuer.label}`);
    }
  }
  if (notAfter.getTime() <= notBefore.getTime()) {
    throw new DomainError('invalid', 'the issuer expires too soon to sign anything', [{ path: 'issuerId', message: 'expires too soon' }]);
  }
  return { validity: { notBefore, notAfter }, warnings };
}

/** Usages and default lifetime of a leaf profile; server+client has the server's lifetime and both purposes. */
export function leafProfile(profile: LeafProfile, now: Date, keyAlgorithm: KeyAlgorithm): CertificateProfile {
  if (profile === 'client') return defaultProfile('client', { now });
  const server = defaultProfile('server', { now, keyAlgorithm });
  if (profile === 'server') return server;
  return { ...server, extKeyUsage: ['serverAuth', 'clientAuth'] };
}

/** The CA profile: 10 years, keyCertSign + cRLSign; pathLen as asked (null = unlimited). */
export function caProfile(now: Date, pathLen: number | null): CertificateProfile {
  const p = defaultProfile('ca', { now, ...(pathLen !== null ? { pathLen } : {}) });
  if (pathLen === null) {
    const { pathLen: _drop, ...rest } = p;
    return rest;
  }
  return p;
}
