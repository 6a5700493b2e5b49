import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { AUDIT_CSV_COLUMNS } from '../src/server/audit/audit-export';
import { createHarness, type Harness } from './support/console-harness';

/**
 * A small RFC 4180 reader written from the RFC's grammar (§2, ABNF), independent of the writer under test:
 * quoted fields may hold commas, CRLF and doubled quotes; records end with CRLF.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  while (i < text.length) {
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new Error('unterminated quoted field');
          if (text[i] === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
          if (text[i] === '"') { i++; break; }
          field += text[i++];
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
          if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field at ${i}`);
          field += text[i++];
        }
      }
      record.push(field);
      if (text[i] === ',') { i++; continue; }
      if (text.slice(i, i + 2) !== '\r\n') throw new Error(`record does not end with CRLF at ${i}`);
      i += 2;
      break;
    }
    records.push(record);
  }
  return records;
}

forEachDatabase((t) => {
  let h: Harness;
  const setup = async () => {
    if (h) return h;
    h = await createHarness(t.db);
    // Names and messages that need quoting: a comma, a double quote, and a CRLF inside a ConfigMap value.
    const cm = (name: string, value: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { note: value } });
    expect((await h.call('POST', '/api/v1/namespaces/exp-a/configmaps', { body: cm('plain', 'x') })).status).toBe(201);
    expect((await h.call('POST', '/api/v1/namespaces/exp-a/configmaps', { body: cm('tricky', 'a,b "quoted"\r\nnext line') })).status).toBe(201);
    expect((await h.call('PUT', '/api/v1/namespaces/exp-a/configmaps/tricky', { body: cm('tricky', 'changed, "again"') })).status).toBe(200);
    expect((await h.call('POST', '/api/v1/namespaces/exp-b/configmaps', { body: cm('other', 'y') })).status).toBe(201);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, stringData: { password: 's3cr3t-value' } };
    expect((await h.call('POST', '/api/v1/namespaces/exp-a/secrets', { body: secret })).status).toBe(201);
    return h;
  };

  describe('GET /api/v1/audit-events/export', () => {
    it('streams the filtered set as RFC 4180 CSV that matches the list, newest first', async () => {
      await setup();
      const list = await h.call('GET', '/api/v1/audit-events?namespace=exp-a&kind=ConfigMap&limit=1000');
      expect(list.status).toBe(200);
      const r = await h.call('GET', '/api/v1/audit-events/export?format=csv&namespace=exp-a&kind=ConfigMap');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-events-[\dT-]+Z\.csv"$/);
      const rows = parseCsv(r.text);
      expect(rows[0]).toEqual([...AUDIT_CSV_COLUMNS]);
      const body = rows.slice(1).map((row) => Object.fromEntries(AUDIT_CSV_COLUMNS.map((c, i) => [c, row[i]])));
      expect(body.map((e) => Number(e.id))).toEqual(list.json.items.map((e: { id: number }) => e.id));
      expect(body.length).toBe(3);
      expect(body.every((e) => e.namespace === 'exp-a' && e.kind === 'ConfigMap')).toBe(true);
      // The CRLF and quotes inside the value survive the round trip through before/after JSON.
      const update = body.find((e) => e.action === 'update')!;
      expect(JSON.parse(update.before!).data.note).toBe('a,b "quoted"\r\nnext line');
      expect(JSON.parse(update.after!).data.note).toBe('changed, "again"');
      expect(update.actorName).toBe('bootstrap');
      expect(update.userAgent).toBe('vitest');
      expect(update.hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('exports JSON Lines with every filter applied, Secret values only as keyed hashes', async () => {
      await setup();
      const r = await h.call('GET', '/api/v1/audit-events/export?format=jsonl&namespace=exp-a');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/jsonl; charset=utf-8');
      expect(r.text.endsWith('\n')).toBe(true);
      const events = r.text.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: number; namespace: string; kind: string; name: string; action: string; after: { data?: Record<string, string> } | null });
      expect(events.every((e) => e.namespace === 'exp-a')).toBe(true);
      expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => b - a));
      const secret = events.find((e) => e.kind === 'Secret')!;
      expect(secret.after!.data!.password).toMatch(/^hmac-sha256:[0-9a-f]{32}$/);
      expect(r.text).not.toContain('s3cr3t-value');
      expect(r.text).not.toContain(Buffer.from('s3cr3t-value').toString('base64'));

      const byName = await h.call('GET', '/api/v1/audit-events/export?format=jsonl&name=tricky&action=update');
      const lines = byName.text.trimEnd().split('\n').map((l) => JSON.parse(l) as { name: string; action: string });
      expect(lines).toEqual([expect.objectContaining({ name: 'tricky', action: 'update' })]);
      const byActor = await h.call('GET', '/api/v1/audit-events/export?format=jsonl&actor=nobody-like-this');
      expect(byActor.status).toBe(200);
      expect(byActor.text).toBe('');
      const future = new Date(Date.now() + 3600_000).toISOString();
      const none = await h.call('GET', `/api/v1/audit-events/export?format=csv&since=${encodeURIComponent(future)}`);
      expect(parseCsv(none.text)).toEqual([[...AUDIT_CSV_COLUMNS]]);
    });

    it('defuses formula text in JSON Lines the way CSV does: every string value, before/after included (OWASP)', async () => {
      await setup();
      const formulas = { eq: '=HYPERLINK("http://evil.example","x")', plus: '+1+1', minus: '-2+3', at: '@SUM(A1)', tab: '\tx', cr: '\rx', safe: 'a=b' };
      const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'formulas', annotations: { note: '=cmd|calc' } }, data: formulas };
      const made = await h.call('POST', '/api/v1/namespaces/exp-f/configmaps', { body: cm, headers: { 'user-agent': '@evil-agent' } });
      expect(made.status, made.text).toBe(201);
      const r = await h.call('GET', '/api/v1/audit-events/export?format=jsonl&namespace=exp-f&kind=ConfigMap');
      const [event] = r.text.trimEnd().split('\n').map((l) => JSON.parse(l) as { userAgent: string; after: { data: Record<string, string>; metadata: { annotations: Record<string, string> } } });
      expect(event!.userAgent).toBe("'@evil-agent");
      expect(event!.after.metadata.annotations.note).toBe("'=cmd|calc");
      expect(event!.after.data).toEqual(Object.fromEntries(Object.entries(formulas).map(([k, v]) => [k, k === 'safe' ? v : `'${v}`])));
      // No string value anywhere in the export starts a formula.
      const strings: string[] = [];
      JSON.parse(`[${r.text.trimEnd().split('\n').join(',')}]`, (_k, v: unknown) => (typeof v === 'string' && strings.push(v), v));
      expect(strings.filter((x) => /^[=+\-@\t\r]/.test(x))).toEqual([]);
      // The database keeps the values as written, and the chain still verifies.
      expect((await h.call('GET', '/api/v1/namespaces/exp-f/configmaps/formulas')).json.data).toEqual(formulas);
      expect((await h.call('GET', '/api/v1/audit-events/verify')).json.intact).toBe(true);
    });

    it('pages through more events than one database batch without losing or repeating any', async () => {
      await setup();
      const docs = Array.from({ length: 603 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `bulk-${i}`, namespace: 'exp-bulk' } }));
      expect((await h.call('POST', '/api/v1/apply', { body: docs })).status).toBe(200);
      const expected = await t.db.prisma.auditEvent.count({ where: { namespace: 'exp-bulk', kind: 'ConfigMap' } });
      expect(expected).toBe(603);
      const r = await h.call('GET', '/api/v1/audit-events/export?format=jsonl&namespace=exp-bulk&kind=ConfigMap');
      const ids = r.text.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: number }).id);
      expect(ids.length).toBe(603);
      expect(new Set(ids).size).toBe(603);
    });

    it('lets a viewer export, audits each export as action export, and leaves the export out of itself', async () => {
      await setup();
      const viewer = await h.tokenFor('viewer');
      const r = await h.call('GET', '/api/v1/audit-events/export?format=csv&kind=AuditEvent', { token: viewer });
      expect(r.status).toBe(200);
      const exported = parseCsv(r.text).slice(1);
      expect(exported.length).toBeGreaterThan(0); // the earlier tests' exports
      const events = await h.call('GET', '/api/v1/audit-events?action=export&kind=AuditEvent');
      const mine = events.json.items[0];
      // The set is fixed when the export starts: its own event is not in it, the earlier ones are.
      expect(exported.map((row) => Number(row[0]))).not.toContain(mine.id);
      expect(Number(exported[0]![0])).toBe(events.json.items[1].id);
      expect(mine.actor).toMatchObject({ name: 'test-viewer', role: 'viewer' });
      expect(mine.group).toBe('gatehouse.dev');
      expect(mine.message).toBe('exported the audit log as CSV (kind=AuditEvent)');
      expect((await h.call('GET', '/api/v1/audit-events/verify')).json.intact).toBe(true);
    });

    it('answers 400 with the field for bad input and 401/403 for callers who may not read the log', async () => {
      await setup();
      const noFormat = await h.call('GET', '/api/v1/audit-events/export');
      expect(noFormat.status).toBe(400);
      expect(noFormat.json.code).toBe('invalid');
      expect(noFormat.json.details[0].path).toContain('format');
      const xml = await h.call('GET', '/api/v1/audit-events/export?format=xml');
      expect(xml.status).toBe(400);
      const since = await h.call('GET', '/api/v1/audit-events/export?format=csv&since=yesterday');
      expect(since.status).toBe(400);
      expect(since.json.details[0].path).toContain('since');
      expect((await h.call('GET', '/api/v1/audit-events/export?format=csv', { token: null })).status).toBe(401);
      const worker = await h.tokenFor('worker');
      const w = await h.call('GET', '/api/v1/audit-events/export?format=csv', { token: worker });
      expect(w.status).toBe(403);
      const before = await t.db.prisma.auditEvent.count({ where: { action: 'export', kind: 'AuditEvent' } });
      expect(before).toBeGreaterThan(0);
      await h.call('GET', '/api/v1/audit-events/export?format=csv', { token: worker });
      expect(await t.db.prisma.auditEvent.count({ where: { action: 'export', kind: 'AuditEvent' } })).toBe(before);
    });
  });
});
