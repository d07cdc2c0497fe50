// The schema: importing each type registers it on the builder; built once, as an
// Apollo Federation v2 subgraph (`_service`, `_entities`, @link and @key).
import { printSubgraphSchema } from '@apollo/subgraph';
import { isInputObjectType, isScalarType } from 'graphql';
import { builder } from './builder.js';
import './types/author.js';
import './types/citation.js';
import './types/graph.js';
import './types/authorship.js';
import './types/entities.js';
import './types/event.js';
import './types/paper.js';
import './types/paper-extras.js';
import './types/search.js';
import './types/venue.js';
import './types/volume.js';
import './types/sources.js';
import './types/citation-graph.js';
import './types/institution.js';
import './types/correction.js';
import './mutations/add-name-variant.js';
import './mutations/hide-name-variant.js';
import './mutations/merge-authors.js';
import './mutations/reassign-authorship.js';
import './mutations/revert-correction.js';
import './mutations/split-author.js';
import './mutations/update-author.js';
import './subscriptions/correction-applied.js';

export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';

export const schema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK, federationDirectives: ['@key', '@shareable'] });

/**
 * schema.graphql's content: the subgraph schema with its federation directives, and the
 * built-in directives graphql-js's printSchema prints but printSubgraphSchema leaves out:
 * `@oneOf` on inputs, `@specifiedBy` on scalars.
 */
export function printSchemaFile(): string {
  let printed = printSubgraphSchema(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInputObjectType(type) && type.isOneOf) printed = printed.replace(`\ninput ${type.name} {`, `\ninput ${type.name} @oneOf {`);
    if (isScalarType(type) && type.specifiedByURL) {
      printed = printed.replace(
        `\nscalar ${type.name}\n`,
        `\nscalar ${type.name} @specifiedBy(url: ${JSON.stringify(type.specifiedByURL)})\n`,
      );
    }
  }
  return `${printed}\n`;
}
