/**
 * `npm run audit:verify [-- --json]`: recomputes the audit log's hash chain straight from the database (DATABASE_URL /
 * GATEHOUSE_DATA_DIR like the console; the console may keep running, this only reads). Exit code 0 when the chain is
 * intact, 1 when it is broken (the first event that does not fit is printed with its id and why), 2 when it could not
 * be checked at all.
 */
import { openDatabase } from '@gatehouse/db/open-database';
import { readConsoleEnv } from '../apps/console/src/server/env';
import { verifyChain } from '../apps/console/src/server/audit/audit-chain';

async function main(): Promise<number> {
  const json = process.argv.includes('--json');
  const env = readConsoleEnv();
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.dataDir });
  try {
    const r = await verifyChain(db.prisma);
    if (json) {
      console.log(JSON.stringify(r));
    } else if (r.intact) {
      const from = r.archivedHead ? `from the archived head (event ${r.archivedHead.lastId}, older events pruned)` : 'from the genesis hash';
      console.log(`audit chain intact: ${r.checked} event(s) verified ${from}; last event ${r.lastId ?? '-'} hash ${r.lastHash}`);
    } else {
      console.log(`audit chain BROKEN at event ${r.firstBrokenId ?? '-'}: ${r.reason}`);
      console.log(`${r.checked} event(s) before it verified; last good hash ${r.lastHash}`);
    }
    return r.intact ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  console.error(`audit:verify could not check the chain: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
