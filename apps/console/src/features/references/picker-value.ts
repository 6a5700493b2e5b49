export type PickerValue = 'text' | 'optional-text' | 'number';

/** The form value of what is typed: '' is "not set" for optional fields; digits become a port number. */
export function parsePickerText(text: string, as: PickerValue): unknown {
  if (as === 'text') return text;
  if (text.trim() === '') return undefined;
  if (as === 'optional-text') return text;
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

export function formatPickerValue(value: unknown): string {
  if (value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value))) return '';
  return String(value);
}
