/**
 * CSV per RFC 4180 §2: fields separated by commas, records ended by CRLF; a field holding a comma, a double
 * quote, CR or LF is enclosed in double quotes, and a double quote inside it is written twice. Text that would
 * start a spreadsheet formula is defused first.
 * @see https://www.rfc-editor.org/rfc/rfc4180#section-2
 */
export function csvField(value: string | number | null | undefined): string {
  const raw = value === null || value === undefined ? '' : String(value);
  // Numbers are written as numbers; text goes through defuseFormula.
  const s = typeof value === 'string' ? defuseFormula(raw) : raw;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Text a spreadsheet would read as a formula (=, +, -, @, or a leading tab/CR) gets a leading apostrophe, so an
 * object name like `=HYPERLINK(…)` in an audit export stays text (OWASP "CSV Injection"). Shared by the CSV and
 * JSON Lines exports: JSON Lines is opened in spreadsheets too (Excel's and LibreOffice's JSON import, or after
 * `jq -r @csv`), and every string becomes a cell there.
 * @see https://owasp.org/www-community/attacks/CSV_Injection
 */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One record with its CRLF line break (§2 rule 1: every record ends with CRLF, the last one too). */
export function csvRecord(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
