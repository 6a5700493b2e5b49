/**
 * Compile-time proof that the PostgreSQL client can stand behind the SQLite client's type (Database.prisma):
 * every model has the same scalar fields with the same types (so results are the same), and for every
 * operation the arguments the SQLite types accept are accepted by the PostgreSQL client. `tsc` fails on the
 * constant below, naming the mismatches, as soon as the two generated clients drift apart (a hand edit of
 * prisma/postgresql/schema.prisma, a stale generation).
 */
import type { Prisma as PgPrisma } from './generated/postgresql/client';
import type { Prisma as SqlitePrisma } from './generated/sqlite/client';

type SqliteModels = SqlitePrisma.TypeMap['model'];
type PgModels = PgPrisma.TypeMap['model'];
type ArgsOf<Op> = Op extends { args: infer A } ? A : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type OperationCompatibility<M extends keyof SqliteModels & keyof PgModels> = {
  [O in keyof SqliteModels[M]['operations']]: O extends keyof PgModels[M]['operations']
    ? [ArgsOf<SqliteModels[M]['operations'][O]>] extends [ArgsOf<PgModels[M]['operations'][O]>]
      ? never
      : `${M}.${O & string}: arguments the SQLite types allow are not accepted by PostgreSQL`
    : `${M}.${O & string}: no such operation on PostgreSQL`;
}[keyof SqliteModels[M]['operations']];

/** The mismatches between the two clients (never when there are none). */
export type ClientMismatches = {
  [M in keyof SqliteModels]: M extends keyof PgModels
    ? Same<SqliteModels[M]['payload']['scalars'], PgModels[M]['payload']['scalars']> extends true
      ? OperationCompatibility<M>
      : `${M}: scalar fields differ`
    : `${M}: model missing on PostgreSQL`;
}[keyof SqliteModels];

export const CLIENTS_ARE_COMPATIBLE: [ClientMismatches] extends [never] ? true : ClientMismatches = true;
