import { describe, expect, it } from 'vitest';
import { csvField, csvRecord } from './csv';

describe('RFC 4180 CSV', () => {
  it('leaves plain fields alone and quotes those with a comma, a double quote, CR or LF (§2 rules 5-7)', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\r\nline2')).toBe('"line1\r\nline2"');
    expect(csvField('lone\nLF')).toBe('"lone\nLF"');
    expect(csvField('lone\rCR')).toBe('"lone\rCR"');
    expect(csvField('"')).toBe('""""');
  });

  it('defuses text a spreadsheet would run as a formula, and leaves numbers alone', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe('"\'\rx"');
    expect(csvField(-5)).toBe('-5');
    expect(csvField('a=b')).toBe('a=b');
  });

  it('ends every record with CRLF (§2 rule 1)', () => {
    expect(csvRecord(['id', 'name', 'note'])).toBe('id,name,note\r\n');
    expect(csvRecord([1, 'x,y', null])).toBe('1,"x,y",\r\n');
  });
});
