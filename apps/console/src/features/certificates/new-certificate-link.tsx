'use client';

import Link from 'next/link';
import { useCan } from '../shell/session-context';

/** The way into the wizard, for the roles that may create certificates. */
export function NewCertificateLink() {
  const { write } = useCan();
  return write ? <Link className="button primary" href="/certificates/new">New certificate</Link> : null;
}
