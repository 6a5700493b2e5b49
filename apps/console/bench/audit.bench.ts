/**
 * The audit log at 100,000+ events (issue 4 §5): first and deep pages with each filter the page offers, an
 * object's history (what HistoryLink opens), a rare actor, a time window, a streamed export and the chain check,
 * on SQLite and — when PostgreSQL binaries are installed — on a throw-away PostgreSQL server.
 * `npm run bench:audit`; BENCH_EVENTS (default 100000), BENCH_RUNS (default 15), BENCH_PROVIDERS (sqlite,postgresql).
 *
 * Events are written straight into the table with a valid hash chain (the service appends one per write
 * transaction, ~1 ms each: 100k of them would measure the writer, not the reads).
 */
import { createTestDatabase, type TestDatabase } from '@gatehouse/db/testing/test-databases';
import { startPostgresServer, type PostgresServer } from '@gatehouse/db/testing/postgres-server';
import type { DatabaseProvider } from '@gatehouse/db/open-database';
import { exportAuditEvents } from '../src/server/audit/audit-export';
import { GENESIS_HASH, hashAuditRecord, type AuditRecord } from '../src/server/audit/audit-event';
import { listAuditEvents, verifyAuditChain, type AuditQuery } from '../src/server/audit/audit-query';
import { systemContext } from '../src/server/auth/principal';
import { RevisionBus } from '../src/server/feed/revision-bus';
import { deriveMasterKey } from '../src/server/secrets/master-key';
import type { ServiceDeps } from '../src/server/services/deps';
import { randomBytes } from 'node:crypto';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const PROVIDERS = (process.env.BENCH_PROVIDERS ?? 'sqlite,postgresql').split(',') as DatabaseProvider[];
const KINDS = ['Gateway', 'HTTPRoute', 'Service', 'EndpointSlice', 'UpstreamTLSPolicy', 'Secret', 'ConfigMap', 'ReferenceGrant'];
const ACTIONS = ['update', 'update', 'update', 'create', 'create', 'delete', 'apply', 'login'];
const ACTORS = ['alice', 'bob', 'carol', 'ci-deployer', 'dave', 'erin', 'frank', 'grace'];
const START = Date.parse('2026-01-01T00:00:00Z');

/** Deterministic pseudo-random numbers (mulberry32), so every run stores the same log. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function fill(t: TestDatabase): Promise<void> {
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  let prev = GENESIS_HASH;
  for (let start = 0; start < EVENTS; start += 1000) {
    const batch: (AuditRecord & { hash: string })[] = [];
    for (let i = start; i < Math.min(EVENTS, start + 1000); i++) {
      const kind = pick(KINDS);
      const namespace = `team-${Math.floor(rand() * 40)}`;
      const name = `${kind.toLowerCase()}-${Math.floor(rand() * 60)}`;
      // One actor in a thousand events: the rare-actor query has to find 100 events scattered over 100k.
      const actor = i % 1000 === 0 ? 'rare-auditor' : pick(ACTORS);
      const spec = { ports: [{ port: 80 + (i % 7) }], note: `change ${i}` };
      const obj = { apiVersion: 'v1', kind, metadata: { name, namespace, resourceVersion: String(i) }, spec };
      const record: AuditRecord = {
        time: new Date(START + i * 60_000), actorType: 'user', actorId: `u-${actor}`, actorName: actor, role: 'editor',
        sourceIp: '203.0.113.7', userAgent: 'Mozilla/5.0 Chrome/140', requestId: `req-${i}`, action: pick(ACTIONS),
        group: '', kind, namespace, name, before: JSON.stringify(obj), after: JSON.stringify({ ...obj, spec: { ...spec, note: `change ${i + 1}` } }),
        message: null, prevHash: prev,
      };
      prev = hashAuditRecord(record);
      batch.push({ ...record, hash: prev });
    }
    await t.db.prisma.auditEvent.createMany({ data: batch });
  }
}

async function measure(label: string, op: () => Promise<unknown>, runs = RUNS): Promise<void> {
  for (let i = 0; i < 2; i++) await op();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await op();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  console.log(`  ${label.padEnd(58)} ${at(0.5).toFixed(2).padStart(9)} ms  (p90 ${at(0.9).toFixed(2)}; n=${runs})`);
}

async function drain(body: ReadableStream<Uint8Array>): Promise<number> {
  let bytes = 0;
  const reader = body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.byteLength;
  return bytes;
}

async function benchProvider(provider: DatabaseProvider): Promise<void> {
  let server: PostgresServer | undefined;
  if (provider === 'postgresql' && !process.env.GATEHOUSE_TEST_POSTGRES_URL) {
    server = await startPostgresServer();
    process.env.GATEHOUSE_TEST_POSTGRES_URL = server.url;
  }
  const t = await createTestDatabase(provider);
  try {
    const started = Date.now();
    await fill(t);
    // What autovacuum does on its own after a bulk insert; without statistics the planner guesses blindly.
    if (provider === 'postgresql') await t.db.prisma.$executeRawUnsafe('ANALYZE "AuditEvent"');
    console.log(`${provider}: ${EVENTS.toLocaleString('en')} events stored in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const ctx = systemContext('bench');
    const page = (q: Partial<AuditQuery>) => () => listAuditEvents(t.db, ctx, { limit: 50, ...q });
    const oldest = await t.db.prisma.auditEvent.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } });
    const deep = oldest.id + 2000; // a cursor near the old end: everything newer has to be skipped by the index
    const mid = new Date(START + (EVENTS / 2) * 60_000);
    await measure('first page, no filter', page({}));
    await measure('deep page (cursor near the oldest), no filter', page({ cursor: deep }));
    await measure('first page, namespace', page({ namespace: 'team-7' }));
    await measure('deep page, namespace', page({ namespace: 'team-7', cursor: deep }));
    await measure('first page, kind', page({ kind: 'Secret' }));
    await measure('first page, action=delete', page({ action: 'delete' }));
    await measure('deep page, action=delete', page({ action: 'delete', cursor: deep }));
    await measure('first page, actor (1 in 1,000 events)', page({ actor: 'rare-auditor' }));
    await measure('first page, actor that never acted', page({ actor: 'nobody' }));
    await measure('object history (kind+namespace+name)', page({ kind: 'Service', namespace: 'team-3', name: 'service-12' }));
    await measure('kind+namespace+name+action', page({ kind: 'Service', namespace: 'team-3', name: 'service-12', action: 'create' }));
    await measure('time window of one hour in the middle', page({ since: mid.toISOString(), until: new Date(mid.getTime() + 3600_000).toISOString() }));
    await measure('namespace + time window of one day', page({ namespace: 'team-7', since: mid.toISOString(), until: new Date(mid.getTime() + 86_400_000).toISOString() }));
    const deps: ServiceDeps = { db: t.db, key: deriveMasterKey(randomBytes(32)), bus: new RevisionBus(), now: () => new Date() };
    let bytes = 0;
    await measure('export jsonl, one namespace (~2,500 events)', async () => { bytes = await drain((await exportAuditEvents(deps, ctx, { format: 'jsonl', namespace: 'team-7' })).body); }, 5);
    console.log(`    (${(bytes / 1024 / 1024).toFixed(1)} MiB per export)`);
    await measure(`export csv, everything (${EVENTS.toLocaleString('en')} events)`, async () => { bytes = await drain((await exportAuditEvents(deps, ctx, { format: 'csv' })).body); }, 2);
    console.log(`    (${(bytes / 1024 / 1024).toFixed(1)} MiB per export)`);
    await measure('verify the whole hash chain', () => verifyAuditChain(t.db, ctx), 2);
  } finally {
    await t.dispose();
    await server?.stop();
  }
}

for (const p of PROVIDERS) await benchProvider(p);
