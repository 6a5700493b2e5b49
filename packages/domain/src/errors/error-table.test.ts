import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error';
import { asDomainError, DATABASE_RETRY_AFTER_SECONDS } from './error-table';

/** An error shaped like the one Prisma 6.19 throws when adapter-pg cannot connect (seen in console-faults.int.test.ts). */
function prismaUnreachable(): Error {
  const adapterError = Object.assign(new Error('DatabaseNotReachable'), { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 } });
  return Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { name: 'PrismaClientKnownRequestError', code: 'P1001', clientVersion: '6.19.3', meta: { driverAdapterError: adapterError } });
}

describe('asDomainError', () => {
  it('passes DomainErrors through unchanged', () => {
    const e = new DomainError('conflict', 'stale');
    expect(asDomainError(e)).toBe(e);
  });

  it('maps an unreachable PostgreSQL to unavailable with Retry-After, naming the database but not its address', () => {
    const d = asDomainError(prismaUnreachable())!;
    expect(d.code).toBe('unavailable');
    expect(d.retryAfterSeconds).toBe(DATABASE_RETRY_AFTER_SECONDS);
    expect(d.message).toMatch(/^the database \(PostgreSQL\) is unavailable: cannot reach the database server/);
    expect(d.details).toEqual([{ path: 'database', message: 'PostgreSQL: P1001' }]);
    expect(JSON.stringify(d)).not.toContain('127.0.0.1');
  });

  it('finds the reason in the driver adapter error and in SQLSTATEs (an admin shutdown)', () => {
    const e = Object.assign(new Error('raw query failed'), { name: 'PrismaClientKnownRequestError', code: 'P2010', clientVersion: '6.19.3', meta: { driverAdapterError: { cause: { kind: 'postgres', originalCode: '57P01' } } } });
    expect(asDomainError(e)?.message).toContain('shutting down');
  });

  it('maps pg\'s bare connection errors, which carry no code', () => {
    expect(asDomainError(new Error('Client has encountered a connection error and is not queryable'))?.code).toBe('unavailable');
    expect(asDomainError(new Error('Connection terminated unexpectedly'))?.code).toBe('unavailable');
  });

  it('names SQLite for SQLite\'s codes, extended codes included', () => {
    const e = Object.assign(new Error('disk I/O error'), { name: 'SqliteError', code: 'SQLITE_IOERR_WRITE' });
    expect(asDomainError(e)?.message).toMatch(/^the database \(SQLite\) is unavailable/);
  });

  it('leaves other failures alone: a socket error from another client, a constraint violation, a bug', () => {
    expect(asDomainError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBeUndefined();
    expect(asDomainError(Object.assign(new Error('Unique constraint failed'), { name: 'PrismaClientKnownRequestError', code: 'P2002', clientVersion: '6.19.3' }))).toBeUndefined();
    expect(asDomainError(new TypeError('x is undefined'))).toBeUndefined();
  });
});
