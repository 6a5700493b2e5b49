import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeAuditAction } from './describe-audit';

// The server's list of audit actions (audit-event.ts) is read as text: a client module cannot import it.
const source = readFileSync(join(import.meta.dirname, '../../server/audit/audit-event.ts'), 'utf8');
const union = /export type AuditAction =([\s\S]*?);/.exec(source)![1]!;
const actions = [...union.matchAll(/'([^']+)'/g)].map((m) => m[1]!);

describe('every audit action the server writes', () => {
  it('has words in the log and an entry in the action filter', async () => {
    const { ACTIONS } = await import('./audit-actions');
    expect(actions.length).toBeGreaterThan(30);
    for (const a of actions) {
      expect(describeAuditAction(a), a).not.toBe(a.replace(/[._]/g, ' '));
      expect(ACTIONS, a).toContain(a);
    }
  });
});
