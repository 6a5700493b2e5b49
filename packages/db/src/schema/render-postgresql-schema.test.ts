import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { REPO_ROOT } from '../paths';
import { POSTGRESQL_SCHEMA_BANNER, renderPostgresqlSchema } from './render-postgresql-schema';
import { POSTGRESQL_SCHEMA, SQLITE_SCHEMA } from './sync-postgresql-schema';

const read = (path: string) => readFile(join(REPO_ROOT, path), 'utf8');
const modelsOf = (schema: string) => schema.slice(schema.search(/^\/\/\/|^model /m));

describe('renderPostgresqlSchema', () => {
  it('the committed PostgreSQL schema is up to date (else run `npm run db:generate`)', async () => {
    expect(await read(POSTGRESQL_SCHEMA)).toBe(renderPostgresqlSchema(await read(SQLITE_SCHEMA)));
  });

  it('changes only the provider, the URL placeholder and the generator output', async () => {
    const sqlite = await read(SQLITE_SCHEMA);
    const postgres = renderPostgresqlSchema(sqlite);
    expect(postgres.startsWith(POSTGRESQL_SCHEMA_BANNER)).toBe(true);
    expect(postgres).toMatch(/provider = "postgresql"/);
    expect(postgres).toContain('output       = "../../packages/db/src/generated/postgresql"');
    expect(postgres).not.toMatch(/sqlite/);
    expect(modelsOf(postgres)).toBe(modelsOf(sqlite));
    expect(modelsOf(sqlite)).toMatch(/^\/\/\/ One Kubernetes-shaped object/);
  });

  it('rejects a schema without a datasource or generator output', () => {
    const error = (() => {
      try {
        return renderPostgresqlSchema('model A { id Int @id }');
      } catch (e) {
        return e;
      }
    })();
    expect(isDomainError(error) && error.code).toBe('invalid');
    expect(error).toMatchObject({ details: [{ path: 'datasource db' }, { path: 'generator client.output' }] });
  });
});
