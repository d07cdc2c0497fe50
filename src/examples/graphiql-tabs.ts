// The example operations GraphiQL opens with, one tab each: the author page, a
// paper by anthology id, the venues list, a search and a collaboration path (all
// answerable from the demo data).
//
// Their variables also appear as default values in the operations: GraphiQL 5 does
// not fill the variables editor of the first default tab on a first visit (it does
// when you switch tabs), and the default values make ▶ work right away regardless.
import { AUTHOR_PAGE_QUERY, AUTHOR_PAGE_VARIABLES } from './author-page.js';

/** The author page query with `$slug` defaulting to the seed author. */
export const GRAPHIQL_AUTHOR_PAGE_QUERY = AUTHOR_PAGE_QUERY.replace(
  '($slug: String!)',
  `($slug: String! = ${JSON.stringify(AUTHOR_PAGE_VARIABLES.slug)})`,
);

export const PAPER_VARIABLES = { anthologyId: '2024.findings-naacl.132' };

export const PAPER_QUERY = /* GraphQL */ `query Paper($anthologyId: String! = "${PAPER_VARIABLES.anthologyId}") {
  paper(by: { anthologyId: $anthologyId }) {
    anthologyId
    title
    year
    abstract
    doi
    url
    volume { anthologyId title venues { slug acronym name } }
    authorships { position role name affiliation author { slug name } }
  }
}
`;

export const VENUES_QUERY = /* GraphQL */ `query Venues($first: Int = 100, $after: String) {
  venues(first: $first, after: $after) {
    totalCount
    edges { node { slug acronym name isAcl url } }
    pageInfo { hasNextPage endCursor }
  }
}
`;

export const SEARCH_QUERY = /* GraphQL */ `query Search($query: String! = "Gao", $first: Int = 10) {
  search(query: $query, first: $first) {
    totalCount
    edges {
      score
      snippet
      node {
        __typename
        ... on Author { slug name comment paperCount }
        ... on Paper { anthologyId title year }
        ... on Venue { slug acronym name }
      }
    }
  }
  suggest(prefix: $query) { kind label }
}
`;

export const COLLABORATION_PATH_QUERY = /* GraphQL */ `query CollaborationPath($from: String! = "tingting-tang", $to: String! = "chaoyi-jiang") {
  collaborationPath(from: $from, to: $to) {
    found
    maxLength
    length
    hops { from { name } to { name } paper { anthologyId title } }
  }
}
`;

const variables = (v: Record<string, unknown>) => JSON.stringify(v, null, 2);

export const GRAPHIQL_TABS = [
  { query: GRAPHIQL_AUTHOR_PAGE_QUERY, variables: variables(AUTHOR_PAGE_VARIABLES) },
  { query: PAPER_QUERY, variables: variables(PAPER_VARIABLES) },
  { query: VENUES_QUERY, variables: null },
  { query: SEARCH_QUERY, variables: variables({ query: 'Gao', first: 10 }) },
  { query: COLLABORATION_PATH_QUERY, variables: variables({ from: 'tingting-tang', to: 'chaoyi-jiang' }) },
];
