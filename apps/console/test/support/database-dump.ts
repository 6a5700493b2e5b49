import type { Database } from '@gatehouse/db/open-database';

/**
 * Every row of every table as one canonical string, so "the database did not change" can be asserted exactly.
 * Tables come from the catalogue (a table added later is compared too), rows are sorted by their own JSON so
 * the order a database happens to return them in does not matter, and values are written in one form on both
 * providers (dates as ISO strings, bytes as hex, bigints as decimal).
 *
 * One column is left out: ApiToken.lastUsedAt. Authenticating with a token stamps it at most once a minute
 * (token.service.ts), which is bookkeeping of the credential, not a change made by the request being refused.
 */
const IGNORED_COLUMNS: Record<string, string[]> = { ApiToken: ['lastUsedAt'] };

export async function dumpDatabase(db: Database): Promise<string> {
  const tables = db.provider === 'sqlite'
    ? await db.prisma.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    : await db.prisma.$queryRawUnsafe<{ name: string }[]>("SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name");
  const out: string[] = [];
  for (const { name } of tables) {
    const rows = await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name.replace(/"/g, '""')}"`);
    const ignored = new Set(IGNORED_COLUMNS[name] ?? []);
    const lines = rows.map((row) => JSON.stringify(Object.keys(row).sort().filter((k) => !ignored.has(k)).map((k) => [k, canonical(row[k])]))).sort();
    out.push(`# ${name} (${rows.length})`, ...lines);
  }
  return out.join('\n');
}

function canonical(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return `hex:${Buffer.from(v).toString('hex')}`;
  return v;
}
