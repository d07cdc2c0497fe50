// The Prisma datamodel as column lists: what the read SQL (src/loaders/model-sql.ts) and the
// importer's COPY and merge statements derive their columns from, so each table's columns are
// written once, in prisma/schema.prisma.
import { getDatamodel } from '../generated/pothos-types.js';

export type ModelName = keyof ReturnType<typeof getDatamodel>['datamodel']['models'];

/** Our schema maps each camelCase field to its snake_case column (and each model to its snake_case table). */
export const snake = (name: string) => name.replace(/[A-Z]/g, (c, i: number) => `${i === 0 ? '' : '_'}${c.toLowerCase()}`);

/** A model's scalar and enum fields, in the datamodel's order, but those in `except`. */
export function scalarFields(model: ModelName, except: string[] = []): string[] {
  return getDatamodel()
    .datamodel.models[model]!.fields.filter((f) => (f.kind === 'scalar' || f.kind === 'enum') && !except.includes(f.name))
    .map((f) => f.name);
}
