'use client';

import { useId, useState, type FormEvent } from 'react';
import { KeySpecSchema, type KeySpecInput } from '@gatehouse/domain/certificate/certificate-fields.schema';
import { describeKeySpec } from '../certificate-words';
import { StepActions } from './step-actions';

/** The keys Gatehouse generates, with what each is good for (certificate-fields.schema.ts: KeySpecSchema). */
const KEY_CHOICES: { key: KeySpecInput; hint: string }[] = [
  { key: { algorithm: 'ecdsa', curve: 'P-256' }, hint: 'Recommended. Fast to make and to use; every TLS client accepts it.' },
  { key: { algorithm: 'ecdsa', curve: 'P-384' }, hint: 'A larger curve, for policies that ask for 192-bit security.' },
  { key: { algorithm: 'rsa', size: 2048 }, hint: 'For old clients that cannot do ECDSA. Fine until 2030 (NIST SP 800-57).' },
  { key: { algorithm: 'rsa', size: 3072 }, hint: 'RSA for use beyond 2030.' },
  { key: { algorithm: 'rsa', size: 4096 }, hint: 'Slowest to generate (a second or more) and to use.' },
  { key: { algorithm: 'ed25519' }, hint: 'Small and fast; OpenSSL, Go and Node accept it, browsers do not.' },
];

const keyId = (k: KeySpecInput) => describeKeySpec(k);

/** Step: which key pair to generate. Gatehouse keeps the private key encrypted; only administrators may export it. */
export function KeyStep({ keySpec, onBack, onNext }: { keySpec: KeySpecInput; onBack: () => void; onNext: (key: KeySpecInput) => void }) {
  const id = useId();
  const [chosen, setChosen] = useState(keyId(keySpec));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const choice = KEY_CHOICES.find((c) => keyId(c.key) === chosen) ?? KEY_CHOICES[0]!;
    // The API's schema has the last word on what a key spec is.
    onNext(KeySpecSchema.parse(choice.key));
  };
  return (
    <form onSubmit={submit} noValidate>
      <fieldset className="choice-list">
        <legend className="visually-hidden">Key algorithm</legend>
        {KEY_CHOICES.map(({ key, hint }) => {
          const label = keyId(key);
          return (
            <label key={label} className="choice" htmlFor={`${id}-${label}`}>
              <input id={`${id}-${label}`} type="radio" name="key" value={label} checked={chosen === label} onChange={() => setChosen(label)} />
              <span><strong>{label}</strong><span className="sub">{hint}</span></span>
            </label>
          );
        })}
      </fieldset>
      <p className="hint">The key is generated on the server when you create the certificate, stored encrypted, and never shown; administrators can export it.</p>
      <StepActions onBack={onBack} />
    </form>
  );
}
