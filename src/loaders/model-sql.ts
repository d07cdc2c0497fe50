// Small helpers for the hand-written SQL of the batch functions.
import type { Queryable } from '../queryable.js';
import { type ModelName, scalarFields, snake } from '../db/datamodel.js';

export async function rows<T>(db: Queryable, text: string, params: unknown[] = []): Promise<T[]> {
  const result = await db.query(text, params);
  return result.rows as T[];
}

export type { ModelName };

/**
 * `alias."first_name" AS "firstName", …` for every scalar field of a Prisma model, so
 * that raw SQL returns objects of exactly the shape Prisma (and so Pothos) expects.
 * Our schema maps each camelCase field to its snake_case column.
 */
export function modelColumns(model: ModelName, alias: string): string {
  const cached = columnCache.get(`${model}:${alias}`);
  if (cached) return cached;
  const list = scalarFields(model)
    .map((f) => `${alias}."${snake(f)}" AS "${f}"`)
    .join(', ');
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
 * `json_build_array(alias."id", alias."slug", …)`: a model's row as a JSON array of every
 * scalar field, in the datamodel's order (our models hold only ints, text, booleans, enums
 * and text arrays, all plain in JSON). `modelDecoder` turns it into exactly the object
 * Prisma returns for the model. An array, not json_build_object: keys cost PostgreSQL a
 * lookup and a copy per field per row, about half of what building an author page's 400
 * authorships cost it.
 */
export function modelArray(model: ModelName, alias: string, except: string[] = []): string {
  const key = `${model}:${alias}:array:${except.join(',')}`;
  const cached = columnCache.get(key);
  if (cached) return cached;
  const list = `json_build_array(${scalarFields(model, except)
    .map((f) => `${alias}."${snake(f)}"`)
    .join(', ')})`;
  columnCache.set(key, list);
  return list;
}

/**
 * Decodes a `modelArray` of the same model and `except`: field i of the array is the
 * model's field i. The decoder is an object literal compiled once per model (from the
 * datamodel's own field names), so every object of a model shares one shape, as
 * JSON.parse would have given it; a loop of keyed stores was measurably slower.
 */
export function modelDecoder(model: ModelName, except: string[] = []): (row: unknown) => Record<string, unknown> {
  const key = `${model}:${except.join(',')}`;
  let decoder = decoderCache.get(key);
  if (!decoder) {
    const names = scalarFields(model, except);
    for (const name of names) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`unexpected field name ${name}`);
    decoder = new Function('v', `return { ${names.map((name, i) => `${name}: v[${i}]`).join(', ')} };`) as (
      row: unknown,
    ) => Record<string, unknown>;
    decoderCache.set(key, decoder);
  }
  return decoder;
}
const decoderCache = new Map<string, (row: unknown) => Record<string, unknown>>();
