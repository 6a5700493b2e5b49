/**
 * PostgreSQL advisory lock keys (bigint). Any constant works as long as nothing else in the same database uses it;
 * these are the first 8 bytes of SHA-256("gatehouse:migrate") and SHA-256("gatehouse:write"), read as signed int64.
 * Advisory locks are per database, so test databases on one server do not block each other.
 * @see https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS
 */
export const MIGRATE_LOCK_KEY = '735983063071290193';
export const WRITE_LOCK_KEY = '2645218852417258112';
