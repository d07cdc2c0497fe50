// Small helpers for the hand-written SQL of the batch functions.
import type pg from 'pg';
import { getDatamodel } from '../generated/pothos-types.js';

export type Queryable = Pick<pg.Pool, 'query'>;

export async function rows<T>(db: Queryable, text: string, params: unknown[] = []): Promise<T[]> {
  const result = await db.query(text, params);
  return result.rows as T[];
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * `alias."first_name" AS "firstName", …` for every scalar field of a Prisma model, so
 * that raw SQL returns objects of exactly the shape Prisma (and so Pothos) expects.
 * Our schema maps each camelCase field to its snake_case column.
 */
export function modelColumns(model: keyof ReturnType<typeof getDatamodel>['datamodel']['models'], alias: string): string {
  const cached = columnCache.get(`${model}:${alias}`);
  if (cached) return cached;
  const fields = getDatamodel().datamodel.models[model]!.fields.filter(
    (f) => f.kind === 'scalar' || f.kind === 'enum',
  );
  const list = fields.map((f) => `${alias}."${snake(f.name)}" AS "${f.name}"`).join(', ');
  columnCache.set(`${model}:${alias}`, list);
  return list;
}
const columnCache = new Map<string, string>();

/** Orders `items` to match `keys`, one entry per key (DataLoader's contract). */
export function byKey<K, T>(keys: readonly K[], items: T[], keyOf: (item: T) => K): (T | null)[] {
  const map = new Map<K, T>();
  for (const item of items) map.set(keyOf(item), item);
  return keys.map((k) => map.get(k) ?? null);
}

/** Groups `items` by key, one (possibly empty) list per key, keeping their order. */
export function groupByKey<K, T>(keys: readonly K[], items: T[], keyOf: (item: T) => K): T[][] {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/**
 * `'id', alias."id", 'firstName', alias."first_name", …`: the arguments of a
 * json_build_object that yields exactly the object Prisma returns for the model (our
 * models hold only ints, text, booleans, enums and text arrays, all plain in JSON).
 */
export function modelJsonPairs(model: Parameters<typeof modelColumns>[0], alias: string, except: string[] = []): string {
  const key = `${model}:${alias}:json:${except.join(',')}`;
  const cached = columnCache.get(key);
  if (cached) return cached;
  const fields = getDatamodel().datamodel.models[model]!.fields.filter(
    (f) => (f.kind === 'scalar' || f.kind === 'enum') && !except.includes(f.name),
  );
  const list = fields.map((f) => `'${f.name}', ${alias}."${snake(f.name)}"`).join(', ');
  columnCache.set(key, list);
  return list;
}

/** json_build_object(…) of a model's row (see modelJsonPairs). */
export const modelJson = (model: Parameters<typeof modelColumns>[0], alias: string, except: string[] = []) =>
  `json_build_object(${modelJsonPairs(model, alias, except)})`;
