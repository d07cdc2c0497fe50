// The migrated database and schema.prisma agree: every model's table and every
// field's column exist with the right type and nullability, every unique key is
// enforced, every model is usable through Prisma, and migrations are recorded the
// way `prisma migrate deploy` records them.
import { createHash } from 'node:crypto';
import { getDatamodel } from '../src/generated/pothos-types.js';
import { migrate, readMigrations } from '../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const models = Object.entries(getDatamodel().datamodel.models);

const PG_TYPE: Record<string, string> = {
  String: 'text',
  Int: 'int4',
  Boolean: 'bool',
  DateTime: 'timestamp',
  Json: 'jsonb',
  Float: 'float8',
  BigInt: 'int8',
};

interface Column {
  table_name: string;
  column_name: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
}

describe('schema.prisma vs the migrated database', () => {
  let columns: Map<string, Column>;
  beforeAll(async () => {
    const { rows } = await t.db.pool.query<Column>(
      `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    columns = new Map(rows.map((c) => [`${c.table_name}.${c.column_name}`, c]));
  });

  test.each(models)('model %s: every field has its column, type and nullability', (name, model) => {
    const table = snake(name.charAt(0).toLowerCase() + name.slice(1));
    for (const field of model.fields) {
      if (field.kind === 'object') continue;
      const column = columns.get(`${table}.${snake(field.name)}`);
      expect({ field: `${name}.${field.name}`, found: Boolean(column) }).toEqual({ field: `${name}.${field.name}`, found: true });
      const expected = field.kind === 'enum' ? field.type : PG_TYPE[field.type];
      expect(`${name}.${field.name}: ${column!.udt_name}`).toBe(`${name}.${field.name}: ${field.isList ? `_${expected}` : expected}`);
      // Prisma leaves scalar-list columns nullable in SQL; every other field must match.
      if (!field.isList) {
        expect(`${name}.${field.name} nullable: ${column!.is_nullable}`).toBe(
          `${name}.${field.name} nullable: ${field.isRequired ? 'NO' : 'YES'}`,
        );
      }
    }
  });

  test.each(models)('model %s: unique keys are enforced by unique indexes', async (name, model) => {
    const table = snake(name.charAt(0).toLowerCase() + name.slice(1));
    const { rows } = await t.db.pool.query<{ columns: string[] }>(
      `SELECT array_agg(a.attname ORDER BY k.ord)::text[] AS columns
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
       WHERE c.relname = $1 AND i.indisunique
       GROUP BY i.indexrelid`,
      [table],
    );
    const unique = new Set(rows.map((r) => r.columns.join(',')));
    const expected = [
      ...model.fields.filter((f) => f.isUnique || f.isId).map((f) => [f.name]),
      ...model.uniqueIndexes.map((u) => u.fields),
      ...(model.primaryKey ? [model.primaryKey.fields] : []),
    ];
    for (const key of expected) expect(unique).toContain(key.map(snake).join(','));
  });

  test('every model can be read through Prisma', async () => {
    const prisma = t.db.prisma as unknown as Record<string, { findFirst(): Promise<unknown> }>;
    for (const [name] of models) {
      await expect(prisma[name.charAt(0).toLowerCase() + name.slice(1)]!.findFirst()).resolves.toBeNull();
    }
  });
});

describe('migration records', () => {
  test('each migration is recorded as prisma migrate deploy records it', async () => {
    const local = await readMigrations();
    const { rows } = await t.db.pool.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`);
    expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(createHash('sha256').update(local[i]!.sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }
  });

  test('migrating again applies nothing', async () => {
    await expect(migrate(t.db.pool)).resolves.toEqual({ applied: [], alreadyApplied: (await readMigrations()).length });
  });
});
