// The seed page (an ACL Anthology author page) as one GraphQL operation. GraphiQL
// opens with it, the tests run it and the README quotes it.
export const AUTHOR_PAGE_QUERY = /* GraphQL */ `query AuthorPage($slug: String!) {
  author(by: { slug: $slug }) {
    slug
    name
    orcid
    affiliation
    variants
    paperCount
    similarAuthors { slug name affiliation comment }
    papers(first: 100) {
      totalCount
      edges {
        node {
          anthologyId
          title
          year
          abstract
          doi
          url
          volume { title venues { slug acronym name } }
          authorships { position role name affiliation author { slug name } }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
    coauthors(first: 100) {
      totalCount
      edges { sharedPaperCount node { slug name } }
    }
    venues { paperCount venue { slug acronym name } }
  }
}
`;

export const AUTHOR_PAGE_VARIABLES = { slug: 'lei-gao-usc' };
