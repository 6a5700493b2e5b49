/**
 * The one Prisma client type the rest of the code sees. Both providers' clients are generated (Prisma needs one
 * schema and client per provider), from schemas whose models are identical (render-postgresql-schema.ts), so their
 * model APIs are the same; the SQLite client's types are the narrower of the two (no `mode: 'insensitive'`, no
 * `skipDuplicates`, only Serializable isolation), so code typed against them also runs on PostgreSQL.
 * prisma-client-compat.ts checks that claim at compile time; the forEachDatabase tests check it at run time.
 */
import type { PrismaClient as SqlitePrismaClient, Prisma } from './generated/sqlite/client';

export type PrismaClient = SqlitePrismaClient;
/** The client handed to an interactive transaction's callback. */
export type TransactionClient = Prisma.TransactionClient;
export type { Prisma };
