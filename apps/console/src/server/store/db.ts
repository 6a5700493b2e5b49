import type { Database } from '@gatehouse/db/open-database';

export type Db = Database;
/** The client handed to an interactive transaction (the function form of $transaction). */
export type Tx = Parameters<Parameters<Database['prisma']['$transaction']>[0]>[0];
