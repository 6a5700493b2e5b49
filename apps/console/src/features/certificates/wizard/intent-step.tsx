'use client';

import { useId, useState, type FormEvent } from 'react';
import { INTENT_WORDS } from './wizard-steps';
import { WIZARD_INTENTS, type WizardIntent } from './wizard-draft';
import { StepActions } from './step-actions';

/** Step 1: what to make. Changing it starts a new draft (the steps differ per intent). */
export function IntentStep({ intent, onNext }: { intent: WizardIntent; onNext: (intent: WizardIntent) => void }) {
  const [chosen, setChosen] = useState<WizardIntent>(intent);
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onNext(chosen);
  };
  return (
    <form onSubmit={submit} noValidate>
      <fieldset className="choice-list">
        <legend className="visually-hidden">What to make</legend>
        {WIZARD_INTENTS.map((i) => (
          <label key={i} className="choice" htmlFor={`${id}-${i}`}>
            <input id={`${id}-${i}`} type="radio" name="intent" value={i} checked={chosen === i} onChange={() => setChosen(i)} />
            <span><strong>{INTENT_WORDS[i].label}</strong><span className="sub">{INTENT_WORDS[i].hint}</span></span>
          </label>
        ))}
      </fieldset>
      <StepActions />
    </form>
  );
}
