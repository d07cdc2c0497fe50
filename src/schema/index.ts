// The schema: importing each type registers it on the builder; toSchema() once.
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './types/author.js';
import './types/authorship.js';
import './types/paper.js';
import './types/venue.js';
import './types/volume.js';

export const schema = lexicographicSortSchema(builder.toSchema());
